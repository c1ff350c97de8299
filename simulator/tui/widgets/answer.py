"""The trainee's text box: free words, or an option's number followed by Enter."""

from __future__ import annotations

from simulator.tui.widgets.oneline import OneLineInput


class AnswerInput(OneLineInput):
    """The answer box (a pasted block of lines is one answer, `OneLineInput`).

    A digit typed here is text like any other: "2天之内给您答复" begins with one, and an empty
    box that picked option 2 on the "2" took the trainee for a move they never made (round
    thirty-seven's cold tryout). A number alone, then Enter, picks that option; the screen
    highlights the option the box names while it does. On the options list (Tab) a digit still
    picks at once.
    """
