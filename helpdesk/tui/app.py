"""The Textual application: handed its desk, it holds the tickets and watches for changes.

:func:`make_app` is the one factory: ``helpdesk`` (through :func:`run`) and the tests build the
app the same way, so a test runs exactly what an adviser runs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from helpdesk.dates import Clock
from helpdesk.domain.models import Company, Ticket
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import LANGUAGES, N_, _, language, set_language
from helpdesk.services.desk import Desk
from helpdesk.tui.index import TicketIndex
from helpdesk.tui.keys import binding_description, binding_tooltip, is_textuals_own, key_display
from helpdesk.tui.messages import DeskChangedElsewhere, TicketsChanged
from helpdesk.tui.server_listing import PAGE_SIZE

R = TypeVar("R")

#: Seconds between two looks at the database for changes made by other processes. A look is
#: one ``stat``; a change is on screen within this plus the time to read the desk again.
WATCH_INTERVAL = 0.5

#: Seconds after start (and after a reload) before warming the index: sort keys, search texts.
WARM_START = 0.5
#: Seconds between two slices of warming, so keystrokes get in between.
WARM_PAUSE = 0.05

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class HelpdeskApp(App[None]):
    """The adviser's terminal UI.

    It speaks the current language (:func:`helpdesk.i18n.language`, which the command line
    chose), and switches from the command palette at once, every screen and dialog relabelled
    in place.

    Args:
        desk: The services, already wired to a database.
        clock: The clock for ages and "today"; the desk's own by default.
        watch_interval: Seconds between checks for changes by other processes; 0 to never check.
        theme: The Textual theme to start with.
        page_size: Tickets the main screen asks for at a time on a desk whose store pages
            (PostgreSQL).
    """

    CSS_PATH = "helpdesk.tcss"
    TITLE = "helpdesk"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", N_("Keys"), key_display="?"),
        Binding(
            "ctrl+t",
            "toggle_theme",
            N_("Theme"),
            show=False,
            tooltip=N_("Switch between light and dark"),
        ),
    ]

    def __init__(
        self,
        desk: Desk,
        *,
        clock: Clock | None = None,
        watch_interval: float = WATCH_INTERVAL,
        theme: str = DARK_THEME,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.page_size = page_size
        self.clock = clock or desk.clock
        self.watch_interval = watch_interval
        self.index = TicketIndex(desk, self.clock)
        self._start_theme = theme
        self._seen: object = desk.version()
        self._stop_watching: Callable[[], None] | None = None
        self._day: date = self.clock.today()
        # Read before the first frame: a database that cannot be read is reported by the
        # command line, as one line, before the screen is taken over.
        self._load()

    # -- start ---------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The main screen: views, filter, list and preview."""
        from helpdesk.tui.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        """Set the theme, start watching the database, and warm the index when idle."""
        self.theme = self._start_theme
        if self.watch_interval > 0:
            self.set_interval(self.watch_interval, self.check_for_changes, name="watch")
            # Where the store announces changes (PostgreSQL), they are taken in at once.
            self._stop_watching = self.desk.watch(self._changed_elsewhere)
        # Start once the first frame is out, not while the screen is being built.
        self.set_timer(WARM_START, self._warm, name="warm")
        for notice in self.desk.notices:
            self.notify(notice, title=_("Demo desk"), markup=False, timeout=10)
        self._ask_who_you_are()

    def on_unmount(self) -> None:
        """Stop listening for others' changes."""
        stop, self._stop_watching = self._stop_watching, None
        if stop is not None:
            stop()

    def _changed_elsewhere(self) -> None:
        # Called from the store's listening thread: post_message is safe from any thread.
        self.post_message(DeskChangedElsewhere())

    def on_desk_changed_elsewhere(self, message: DeskChangedElsewhere) -> None:
        """Take in someone else's change."""
        self.check_for_changes()

    def _ask_who_you_are(self) -> None:
        """On first use, before anything: who is acting, when the user is not an adviser."""
        from helpdesk.services.identity import needs_identity

        if not needs_identity(self.desk):
            return
        from helpdesk.tui.screens.first_use import WhoAreYouScreen

        def chosen(key: str | None) -> None:
            self.reload()
            self.say(_("You are acting as {adviser}.").format(adviser=key))

        self.push_screen(WhoAreYouScreen(), chosen)

    def _warm(self) -> None:
        # One slice of work, then a pause for keystrokes, until the index is warm.
        if self.index.warm():
            self.set_timer(WARM_PAUSE, self._warm, name="warm")

    # -- the desk --------------------------------------------------------------------------------

    def act(self, call: Callable[[], R]) -> R | None:
        """Run a change through the desk; a refusal becomes a notification, not a crash.

        Returns:
            What the call returned, or None when the desk refused it.
        """
        before = self.desk.version()
        try:
            result = call()
        except HelpdeskError as error:
            self.report(error)
            return None
        if before != self._seen:
            # Someone else wrote since the last look: take in everything, not just our change.
            self.reload()
        else:
            self._seen = self.desk.version()
        return result

    def saved(self, tickets: Iterable[Ticket], companies: Iterable[Company] = ()) -> None:
        """Take in tickets (and companies) this app just changed, and tell every screen."""
        changed = list(tickets)
        self.index.replace(changed, companies)
        self.broadcast(frozenset(t.ref for t in changed))

    def reload(self) -> None:
        """Read the whole desk again and tell every screen."""
        self._seen = self.desk.version()
        self._day = self.clock.today()
        try:
            self._load()
        except HelpdeskError as error:
            self.report(error)
            return
        self.broadcast(None)
        self.set_timer(WARM_START, self._warm, name="warm")

    def _load(self) -> None:
        self.index.load()
        # The tickets just read are long-lived: move them out of the cyclic collector's sight.
        # Otherwise every full collection walks a heap of 100,000 tickets, and the keystroke
        # that happens to trigger one pays for it. (Freezing does not stop reference
        # counting from freeing them at the next reload.)
        gc.freeze()

    def check_for_changes(self) -> None:
        """Reload when another process changed the database, or the day turned."""
        try:
            token = self.desk.version()
        except HelpdeskError:
            return
        if token != self._seen or self.clock.today() != self._day:
            self.reload()

    def broadcast(self, refs: frozenset[int] | None) -> None:
        """Tell every screen on the stack that tickets changed (None: all of them)."""
        for screen in self.screen_stack:
            screen.post_message(TicketsChanged(refs))

    def report(self, error: HelpdeskError) -> None:
        """Show a refusal or failure of the desk as a notification."""
        self.notify(error.message, title=_("Not done"), severity="error", timeout=8, markup=False)

    def say(self, message: str) -> None:
        """Confirm something done (the message may hold user text: never markup)."""
        self.notify(message, markup=False, timeout=4)

    # -- keys everywhere -------------------------------------------------------------------------

    def action_help(self) -> None:
        """List the keys of the current screen."""
        from helpdesk.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer, ``?`` and the palette show it, its words in the current language."""
        return key_display(super().get_key_display(binding))

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: every key of the current screen, the language, then the app's
        own commands (Textual's, in the current language)."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            if binding.action in ("command_palette", "app.command_palette"):
                continue
            if is_textuals_own(binding, active.node):
                continue  # editing and focus keys, said in ``?``; the app's own Quit follows
            seen.add(binding.action)
            display = self.get_key_display(binding)
            yield SystemCommand(
                binding_description(binding),
                _("{what} — key: {key}").format(
                    what=binding_tooltip(binding) or binding_description(binding),
                    key=display or key,
                ),
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand(
            _("Company"),
            _("Open a company by number, VAT number or name: contacts, edit, consent, merge"),
            self.action_open_company,
        )
        for code, name in LANGUAGES.items():
            if code != language():
                yield SystemCommand(
                    _("Language: {name}").format(name=name),
                    _("Every screen in {name}, at once").format(name=name),
                    partial(self.switch_language, code),
                )
        yield SystemCommand(_("Theme"), _("Change the current theme"), self.action_change_theme)
        yield SystemCommand(
            _("Quit"), _("Quit the application as soon as possible"), self.action_quit
        )
        if screen.maximized is not None:
            yield SystemCommand(
                _("Minimize"),
                _("Minimize the widget and restore to normal size"),
                screen.action_minimize,
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(
                _("Maximize"), _("Maximize the focused widget"), screen.action_maximize
            )
        yield SystemCommand(
            _("Screenshot"),
            _("Save an SVG 'screenshot' of the current screen"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def action_command_palette(self) -> None:
        """The command palette, its search field worded in the current language."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        """The themes to pick from, their search field worded in the current language."""
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def switch_language(self, code: str) -> None:
        """Speak ``code`` from now on: every screen on the stack shows its words anew, and
        whatever the adviser typed in an open dialog stays as typed."""
        set_language(code)
        self.index.relabel()
        for screen in list(self.screen_stack):
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                # Each screen relabels itself, as its own widgets are built in its context.
                screen.call_later(relabel)
        self.say(_("The desk now speaks {name}.").format(name=LANGUAGES[code]))

    def action_open_company(self) -> None:
        """Ask for a company, then open its screen."""
        from helpdesk.tui.screens.company import CompanyScreen
        from helpdesk.tui.screens.dialogs import TextDialog

        def typed(key: str | None) -> None:
            if key is None:
                return
            company = self.act(lambda: self.desk.companies.get(key))
            if company is not None:
                self.push_screen(CompanyScreen(company.id))

        self.push_screen(
            TextDialog(
                lambda: _("Open which company?"),
                placeholder=lambda: _("its number, VAT number or name"),
            ),
            typed,
        )


def make_app(
    desk: Desk,
    *,
    clock: Clock | None = None,
    watch_interval: float = WATCH_INTERVAL,
    theme: str = DARK_THEME,
    language: str | None = None,
    page_size: int = PAGE_SIZE,
) -> HelpdeskApp:
    """Build the app over a desk: what ``helpdesk`` runs and what the tests drive.

    The app speaks the current language (the command line sets it from ``--lang`` and the
    rest); ``language`` sets it here instead.

    Args:
        desk: The services, already wired to a database.
        clock: The clock for ages and "today"; the desk's own by default.
        watch_interval: Seconds between checks for changes by other processes; 0 to never check.
        theme: The Textual theme to start with.
        language: The language to speak (``it``, ``en``); the current one when None.
        page_size: Tickets the main screen asks for at a time on a desk whose store pages.

    Raises:
        HelpdeskError: when the database cannot be read.
        UnknownLanguage: when the desk does not speak ``language``.
    """
    if language is not None:
        set_language(language)
    return HelpdeskApp(
        desk, clock=clock, watch_interval=watch_interval, theme=theme, page_size=page_size
    )


def run(desk: Desk) -> None:
    """Open the terminal UI on a desk and return when the adviser quits."""
    make_app(desk).run()
