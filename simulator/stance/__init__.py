"""What an answer commits to, clause by clause: affirm, negate, ask or condition.

Chinese marks stance with small words: a negation cue (不, 没法, 不代表, 做不了主 …) negates the
rest of its clause; a verb followed by 不了/不到/不下来 is negated from that verb on; a clause
that ends in a question mark or 吗, holds an A不A pair (能不能) or a question word is asked; a
clause opened by 如果/要是/只要/万一 … is a condition. Understanding reads negated words as
"not-X" features, so "这份报价我不能发给您" no longer looks like the option that sends it, and
the detectors read who speaks, whether the clause is asked or conditional, and whether a
commitment is negated.

Everything works on text already normalised by `wording.normalise` (half-width,
casefolded, punctuation as spaces is NOT assumed: clause marks are read before that step), and
runs in time linear in the text.

The package reads in layers, each a module:

- `lexicon`: the words it reads (cues, post-negations, conditions, question words, pointers,
  pro-predicates, verdicts);
- `scan`: the scope of negation inside one clause;
- `questions`: whether a clause asks;
- `verdicts`: a clause that only judges what was said ("不现实");
- `appraisals`: a comment that judges the deed before it ill ("那是糊弄", "太冷了");
- `refusals`: the shapes of a refusal (a topic refused, a bare refusal, the trainee's own);
- `clause`: a clause and the stance it takes;
- `conditions`: whether a clause supposes (如果, 要是, …的话);
- `clauses`: the answer read clause by clause, each clause first on its own;
- `turns`: how a later clause turns back the ones before it (a refusal, a retraction, a
  comment that rejects what was named or quoted).
"""

from __future__ import annotations

from simulator.stance.clause import Clause, StanceKind
from simulator.stance.clauses import (
    addresses_only,
    clauses,
    concessions,
    refused_moves,
    refuses_back,
    rejects_named,
)
from simulator.stance.lexicon import CONCESSION_CUES, TITLES
from simulator.stance.questions import has_a_not_a
from simulator.stance.refusals import refusal_of, takes_back
from simulator.stance.scan import cue_starts, dismissed, negation_mask, waived
from simulator.stance.verdicts import may_negate

__all__ = [
    "CONCESSION_CUES",
    "TITLES",
    "Clause",
    "StanceKind",
    "addresses_only",
    "clauses",
    "concessions",
    "cue_starts",
    "dismissed",
    "has_a_not_a",
    "may_negate",
    "negation_mask",
    "refusal_of",
    "refused_moves",
    "refuses_back",
    "rejects_named",
    "takes_back",
    "waived",
]
