"""Plain line mode: the conversation on stdin/stdout, for pipes, scripts and screen readers.

The loop reads one line per move. A number picks an option (full-width digits too); other
text is the trainee's own words, mapped to an option by the understanding module with the
confirm/clarify fallback; `u` undoes (practice), `h` shows the principles that matter here,
`q` or end of input stops and keeps the transcript for `parley resume`.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

from simulator import typed_commands
from simulator.cli.lineinput import TerminalLine, has_readline
from simulator.engine import MAX_ANSWER, Session, SessionError
from simulator.i18n import label, t
from simulator.model import Lang
from simulator.punctuation import clip
from simulator.render import (
    hit_line,
    narrated,
    option_number,
    render_scorecard,
    render_turn_feedback,
    sparkline,
    turn_said,
)
from simulator.safetext import safe_line
from simulator.transcript import TranscriptWriteFailed
from simulator.understanding import Understanding

#: How much of a piped answer is written back after its prompt.
ECHO_CHARS = 200


#: Answers at the confirm prompt that say "neither": asked to answer again.
NO_WORDS = frozenset({"no", "n", "不是", "不对", "都不是", "否", "算了"})
#: What stops a session, at the main prompt and at the confirm prompt alike.
QUIT_WORDS = typed_commands.QUIT_WORDS


class PlainPlayer:
    """Runs one session in line mode."""

    def __init__(
        self, session: Session, lang: Lang, out: TextIO, inp: TextIO, *, pending: str = ""
    ) -> None:
        self.session = session
        self.lang: Lang = lang
        self.out = out
        self.inp = inp
        #: Words asked back when the session was cut off (`Transcript.pending`): asked again.
        self.pending = pending
        self._keys: TerminalLine | None = None
        #: Words asked back ("您是想表达……吗？") and not yet answered: kept for `parley resume`.
        self._asked_back = False

    def say(self, text: str = "") -> None:
        """Write one line and flush, so a pipe sees it at once."""
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str | None:
        """Read one line; None at end of input."""
        if self._at_terminal():
            # A terminal's own line editing drops the end of a long paste: read the keys with
            # readline, or where Python has none, ourselves (simulator.cli.lineinput).
            if has_readline():
                try:
                    return input(prompt)
                except EOFError:
                    return None
            if self._keys is None:
                self.out.flush()
                self._keys = TerminalLine(self.inp.fileno(), self.out.fileno())
            return self._keys.read(prompt)
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if line == "":
            return None
        answer = line.rstrip("\r\n")
        if not self._interactive():
            # Piped answers are not echoed by a terminal: write them after the prompt, so the
            # next line does not run on from it and a log reads as the session went.
            shown = clip(answer, ECHO_CHARS)
            self.out.write(safe_line(shown) + "\n")
            self.out.flush()
        return answer

    def _at_terminal(self) -> bool:
        """Are the answers typed at the terminal this process runs in (not a pipe, not a
        stream a caller passed)?"""
        return self.inp is sys.stdin and self.out is sys.stdout and self._interactive()

    def _interactive(self) -> bool:
        try:
            return bool(self.inp.isatty())
        except (AttributeError, ValueError, OSError):
            return False

    # -- the loop ------------------------------------------------------------------------------

    def briefing(self) -> None:
        """Who the client is, the objective and the rubric."""
        s, lang = self.session, self.lang
        sc, persona = s.scenario, s.persona
        self.say(f"══ {sc.title.get(lang)} ══")
        self.say(
            f"{label('plain.client', lang)}{persona.name.get(lang)} — {persona.role.get(lang)}"
        )
        self.say(f"{label('plain.briefing', lang)}{sc.briefing.get(lang)}")
        self.say(f"{label('plain.objective', lang)}{sc.objective.get(lang)}")
        self.say(label("plain.rubric", lang).rstrip())
        for pid in sc.principles_in_focus:
            principle = s.catalog.principles.get(pid)
            if principle is None:
                continue
            looks = sc.looks_like_for(principle).get(lang)
            self.say(f"  · {principle.name.get(lang)}" + (f" — {looks}" if looks else ""))
        self.say(t("plain.keys", lang))
        self.say()

    def show_reactions(self) -> None:
        """The client's answer to the last move (its reply, hot-button reactions), if any."""
        s, lang = self.session, self.lang
        said = [r.get(lang) for r in s.reactions if r.get(lang)]
        if said:
            self.say(f"[{s.persona.name.get(lang)} · {s.mood.label.get(lang)}]")
        for line in said:
            for part in line.splitlines():
                self.say(f"  「{part}」")

    def show_node(self, again: bool = False) -> None:
        """The client's line and the numbered options; `again` (the same turn, after a clarify,
        a hint or a wrong number): only the meters and the options, since the client's reply
        to the last move and their line were already said."""
        s, lang = self.session, self.lang
        node = s.node
        if node is None:
            return
        meters = f"{t('plain.trust', lang)} {s.variables.get('trust', '-')} · " + (
            f"{t('plain.patience', lang)} {s.variables.get('patience', '-')}"
        )
        if again:
            self.say(f"({meters})")
            for number, option in enumerate(s.options, 1):
                self.say(f"  {number}. {option.text.get(lang)}")
            return
        self.show_reactions()
        narration = s.narration(lang)
        if narration:
            self.say(f"  {narrated(narration, lang)}")
        other = s.speaker()
        # The mood is the persona's: someone else speaking gets their own name and no mood.
        who = other.get(lang) if other else f"{s.persona.name.get(lang)} · {s.mood.label.get(lang)}"
        line = s.line(lang)
        self.say(f"[{who}] ({meters})" if line else f"({meters})")
        for part in line.splitlines():
            self.say(f"  「{part}」")
        for number, option in enumerate(s.options, 1):
            self.say(f"  {number}. {option.text.get(lang)}")

    def run(self) -> int:
        """Play until an ending or the end of input; returns the exit status.

        A transcript that cannot be written stops the session with a message that says what
        happened, that the finished turns are safe, and how to continue (`parley resume`).
        """
        try:
            return self._play()
        except TranscriptWriteFailed as failure:
            self.say()  # off the "> " prompt the answer was typed at
            print(failure.message(self.lang), file=sys.stderr)
            return 1

    def _play(self) -> int:
        s, lang = self.session, self.lang
        if not s.turns:
            self.briefing()
        shown: tuple[int, str] | None = None  # the turn whose prompt was last shown in full
        while not s.finished:
            here = (len(s.turns), s.node.id if s.node is not None else "")
            self.show_node(again=here == shown)
            shown = here
            if self.pending:
                # Cut off at "您是想表达……吗？": the words come back, and so does the question.
                said, self.pending = self.pending, ""
                self.say(t("plain.pending", lang, said=said))
                if not self.typed(said):
                    return self.stop(t("plain.quit", lang))
                continue
            answer = self.ask("> ")
            if answer is None:
                return self.stop(t("plain.eof", lang))
            if not self.handle(answer):
                return self.stop(t("plain.quit", lang))
        self.finish()
        return 0

    def handle(self, raw: str) -> bool:
        """Act on one line of input; False when the trainee asked to stop."""
        s, lang = self.session, self.lang
        answer = unicodedata.normalize("NFKC", raw).strip()
        if not answer:
            self.say(t("plain.empty", lang, count=len(s.options)))
            return True
        command = typed_commands.command_of(answer)
        if command == "unknown":
            # "/foo": no command, and not words said to the client either.
            self.say(t("plain.unknown_command", lang, command=safe_line(answer)))
            return True
        if command == "quit":
            return False
        if command == "hint":
            self.hint()
            return True
        if command == "undo":
            self.undo()
            return True
        number = option_number(answer)
        if number is not None:
            self.pick(number)
            return True
        return self.typed(raw.strip())

    def pick(self, number: int) -> None:
        """Take the numbered option, or say which numbers exist."""
        options = self.session.options
        if not 1 <= number <= len(options):
            self.say(t("plain.out_of_range", self.lang, number=number, count=len(options)))
            return
        self.take(options[number - 1].id, None)

    def typed(self, text: str) -> bool:
        """Map the trainee's own words to an option, asking when unsure; False when the
        trainee asked to stop while being asked."""
        lang = self.lang
        length = None
        if len(text) > MAX_ANSWER:
            self.say(t("plain.too_long", lang, limit=MAX_ANSWER, length=len(text)))
            text, length = text[:MAX_ANSWER], len(text)
        reading = self.session.understand(text)
        if reading.decision == "take":
            self.take(reading.candidates[0].option_id, text, length)
            return True
        if reading.decision == "confirm":
            return self.confirm(reading, text, length)
        self.clarify(reading)
        return True

    def confirm(self, reading: Understanding, text: str, length: int | None = None) -> bool:
        """Ask which of the closest readings the trainee meant; False when the trainee
        asked to stop there (`q`): the words stay asked, and `parley resume` asks again."""
        s, lang = self.session, self.lang
        node = s.node
        assert node is not None
        candidates = [c for c in reading.candidates[:2] if node.option(c.option_id) is not None]
        if not candidates:
            self.say(t("plain.confirm_none", lang))
            return True
        # One reading is a yes/no question: offering "a / b" then named a b that was not there.
        self.say(t("plain.confirm" if len(candidates) > 1 else "plain.confirm_one", lang))
        for letter, cand in zip("ab", candidates, strict=False):
            option = node.option(cand.option_id)
            assert option is not None
            self.say(f"  {letter}. {option.text.get(lang)}")
        letters = " / ".join("ab"[: len(candidates)])
        s.offered(text, [c.option_id for c in candidates])
        self._asked_back = True
        answer = self.ask(t("plain.confirm_prompt", lang, letters=letters))
        if answer is None:
            # The end of input: the main loop stops, the words stay asked. The prompt's line
            # is ended, or the status after it ran on from it (round thirty-two's tryout).
            self.say()
            return True
        choice = unicodedata.normalize("NFKC", answer).strip().lower()
        index = {"a": 0, "b": 1, "y": 0, "yes": 0, "是": 0, "对": 0}.get(choice)
        if choice in QUIT_WORDS:
            # "q" here was read as "neither" and the trainee asked to answer again (round
            # twenty-seven's cold tryout): it stops, as at the main prompt.
            return False
        self._asked_back = False
        if index is not None and index < len(candidates):
            self.take(candidates[index].option_id, text, length)
        elif choice.isdigit():
            self.pick(int(choice))  # the option's number, as at the main prompt
        elif sum(c.isalpha() for c in choice) >= 2 and choice not in NO_WORDS:
            # A new answer typed here is the answer: it was thrown away (round twelve's cold
            # tryout), and the trainee had to type it again.
            self.withdrawn(text)
            if not s.finished:
                return self.typed(answer.strip())
        else:
            self.say(t("plain.confirm_none", lang))
            self.withdrawn(text)
        return True

    def withdrawn(self, text: str) -> None:
        """The trainee said the reading offered was not what they meant: the client did not
        follow, and what the words break still counts ("稳赚不赔" said, then "no, let me
        rephrase", went unscored: a new user's tryout, round fourteen)."""
        self._not_followed(text)

    def _not_followed(self, text: str) -> None:
        """Tell the session the client did not follow `text`; show what the words still break
        and the patience it cost."""
        s, lang = self.session, self.lang
        cost = s.misunderstood(text)
        if s.last_unheard and s.mode == "practice":
            # Not understood, but what was said still breaks a principle (assessment mode holds
            # it for the scorecard, as it holds every turn's feedback; round thirty-seven's
            # cold tryout saw it at once).
            self.say(t("plain.unheard", lang))
            for hit in s.last_unheard:
                self.say(hit_line(hit, s.catalog, lang))
        if cost:
            self.say(t("plain.patience_cost", lang, cost=cost))

    def clarify(self, reading: Understanding) -> None:
        """The client did not follow: they say so, and repeated confusion costs patience."""
        s, lang = self.session, self.lang
        text = s.clarify_line(reading).get(lang) or t("plain.clarify", lang)
        self.say(f"  「{text}」")
        self._not_followed(reading.text)

    def take(self, option_id: str, typed: str | None, length: int | None = None) -> None:
        """Respond (`length`: how long the typed words were before they were cut), then show
        feedback in practice mode."""
        s, lang = self.session, self.lang
        try:
            turn = s.respond(option_id, typed, typed_length=length)
        except SessionError as error:
            self.say(str(error))
            return
        if s.mode == "practice":
            for line in render_turn_feedback(turn, s.catalog, lang):
                self.say(line)
        self.say()

    def hint(self) -> None:
        """The principles that matter at this node, without giving the answer away."""
        s, lang = self.session, self.lang
        node = s.node
        if node is None:
            return
        if s.mode != "practice":
            self.say(t("plain.hint_assessment", lang))  # feedback is held until the end
            return
        ids = sorted({pid for o in node.options for pid in o.principles})
        names = [s.catalog.principles[p].name.get(lang) for p in ids if p in s.catalog.principles]
        self.say(
            t("plain.hint", lang, principles="；".join(names) if lang == "zh" else "; ".join(names))
        )

    def undo(self) -> None:
        """Take back the last turn (practice mode only). Refused in the trainee's language, as
        the app refuses it (the engine's own message is in both)."""
        session = self.session
        if session.mode != "practice":
            self.say(t("play.undo_assessment", self.lang))
            return
        if not session.turns:
            self.say(t("play.nothing_to_undo", self.lang))
            return
        try:
            turn = self.session.undo()
        except SessionError as error:
            self.say(str(error))
            return
        self.say(t("plain.undone", self.lang, said=turn_said(turn, self.lang)))

    def stop(self, why: str) -> int:
        """Stop early: the transcript keeps every finished turn for `parley resume`. Stopped
        before any answer, there is nothing to resume, and `parley resume` does not offer it:
        the trainee is not told to (round thirty-seven's cold tryout)."""
        self.session.abandon()
        self.say()
        if not self.session.responses and not self._asked_back:
            why = t("plain.stopped_unanswered", self.lang)
        elif not self.session.turns:
            # Answered, but no turn finished (asked back, not confirmed): "every finished turn is
            # saved" would claim turns there are none of (round forty's cold tryout).
            why = t("plain.stopped_no_turn", self.lang)
        self.say(why)
        return 0

    def finish(self) -> None:
        """The ending, the debrief and the scorecard."""
        s, lang = self.session, self.lang
        ending = s.ending
        assert ending is not None
        self.show_reactions()
        narration = s.narration(lang)
        if narration:
            self.say(f"  {narrated(narration, lang)}")
        if ending.client is not None and ending.client.get(lang):
            other = s.speaker()
            if other is not None:
                self.say(f"[{other.get(lang)}]")
            self.say(f"  「{ending.client.get(lang)}」")
        self.say()
        card = s.scorecard()
        if s.mode == "assessment":
            for turn in s.turns:
                for line in render_turn_feedback(turn, s.catalog, lang):
                    self.say(line)
        for line in render_scorecard(card, s.scenario, s.catalog, lang, s.debrief()):
            self.say(line)
        trust = [t_ for t_, _ in card.trajectory]
        self.say(f"{label('plain.trust', lang)}{sparkline(trust)} {trust[0]}→{trust[-1]}")
