r"""Generate a synthetic Obsidian vault for benchmarks: deterministic, realistic, buildable.

    python bench/generate.py --notes 1000 --seed 1 --out /tmp/vault-1000
    python bench/generate.py --notes 1000 --seed 1 --mix atomic --out /tmp/atomic-1000

The same `--notes`, `--seed` and `--mix` always give byte-identical files (only
Python's `random.Random` seeded with a string, no hash-ordered iteration, no clock,
no external data). Every link, embed and block reference points at a note, heading
or block that exists, and the vault builds with `mkdocs build --strict`. Two mixes
of note shapes keep benchmarks from depending on one vault:

`standard` (the default) mixes the shapes the site supports:

* Q/A interview notes (`Q:` / `A:`, code fences, inline and display math, folded
  callouts holding code);
* questionnaires (`qa: list`: top-level `- ` items, indented answers);
* scribbles (`scribbles: true`: `## ` topics with bullet lists, tables, comments);
* concept notes (`# ` title, sections, `> [!note]`, folded `> [!tip]-` with a fenced
  code block inside, image embeds);

with wikilinks between notes (`[[Other]]`, `[[Other|alias]]`, `[[Other#Heading]]`,
`[[Other#Heading|alias]]`, `[[#Own heading]]`), inline `#tags` and frontmatter tags,
spread over 8-12 category folders, plus a few tiny PNG attachments. Notes are 1-20 KB.

`atomic` is a Zettelkasten-style ML vault, many small notes densely linked (shares are
exact; sizes are those of 1,000-note vaults, seeds 1-3):

* 45 % atomic concept notes, 0.4-1.8 KB: a definition paragraph ending in a block id
  (`^definition`, `^3fa9c1`), one or two callouts, a few short `## ` sections, wikilinks
  to headings and blocks (`[[Other#Heading]]`, `[[Other#^3fa9c1]]`, `[[Area/Sub/Other]]`)
  and embeds of other notes' sections (`![[Other#Heading]]`);
* 20 % Q/A notes, 0.7-12 KB, in every card format: `Q:` / `A:` lines with multi-line
  answers, bold `**Q:**` / `**A:**`, `# Question 1` / `## Answer` sections, and
  spaced-repetition cards (`question::answer`, `?` lines) in notes tagged `flashcards`;
* 15 % code notes, 2-17 KB: fenced python, bash, yaml, json and sql blocks of 8-40 lines;
* 10 % math notes, 2-12 KB: `$$` display blocks (`\begin{aligned}` derivations,
  one-line `$$ x $$`, in callouts and lists) and inline math;
* 10 % scribbles, 20-60 KB each, with many `## ` topics;

in 4-6 top folders (areas), each note two or three folders deep (`Area/Subarea/Note.md`),
tagged with nested tags (`#ml/optimization/adaptive`). Only sections that embed nothing
are embedded, so embeds never nest or cycle.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".vaultbench"  # marks a folder this script wrote, so it may be replaced
MIN_BYTES, MAX_BYTES = 1_000, 20_000  # note sizes aim inside these; a long last item may overshoot a little

CATEGORIES = [
    "Concepts",
    "Interview",
    "Courses",
    "Scribbles",
    "Statistics",
    "Optimization",
    "Language models",
    "Vision",
    "Reinforcement learning",
    "Systems",
    "Probability",
    "Papers",
]
# Typical size of one `## ` section of each kind, to decide how many sections a note gets.
SECTION_BYTES = {"qa": 2200, "questionnaire": 2200, "scribbles": 1200, "concept": 1800}
KINDS = [("qa", 30), ("questionnaire", 20), ("scribbles", 15), ("concept", 35)]

MODIFIERS = """
adaptive sparse stochastic robust bayesian convolutional recurrent contrastive variational
hierarchical distributed federated causal structured generative discriminative probabilistic
regularized normalized weighted multimodal quantized efficient online offline linear
nonlinear kernel spectral graph attention residual gated deep shallow conditional implicit
explicit streaming batched
""".split()

TOPICS = """
gradient-descent backpropagation dropout batch-normalization layer-normalization
weight-decay early-stopping cross-validation bias-variance overfitting embeddings
tokenization transformers self-attention positional-encoding beam-search decoding
sampling importance-sampling markov-chains monte-carlo bootstrapping confidence-intervals
hypothesis-testing regression classification clustering dimensionality-reduction
principal-components autoencoders diffusion-models gans normalizing-flows policy-gradients
q-learning value-functions reward-shaping exploration replay-buffers data-loaders
mixed-precision checkpointing sharding pipelines schedulers learning-rates momentum
optimizers loss-functions activations initialization pooling convolutions segmentation
detection augmentation retrieval ranking metrics calibration ensembles boosting
decision-trees random-forests nearest-neighbours kernels margins likelihood priors
posteriors entropy divergence information mutual-information estimators residuals
""".split()

ASPECTS = """
intuition definition derivation examples pitfalls implementation complexity variants
history benchmarks tuning debugging assumptions limitations proofs notation summary
applications diagnostics baselines ablations scaling memory stability convergence
""".split()

WORDS = """
model data training loss gradient weight bias layer network feature input output batch
epoch sample label prediction error variance mean distribution parameter optimizer step
rate update signal noise norm matrix vector tensor shape dimension channel kernel filter
activation function value estimate target objective metric score accuracy precision recall
curve threshold margin class token sequence context window head query key memory cache
layer block residual path scale factor constant term series sum product integral limit
bound approximation assumption condition result theorem proof lemma example case method
algorithm procedure routine loop iteration schedule warmup decay plateau minimum maximum
saddle region surface landscape direction slope curvature hessian jacobian chain rule
probability event outcome prior posterior evidence likelihood sampler proposal chain state
action reward policy value return discount horizon agent environment episode trajectory
buffer replay target network critic actor advantage baseline variance reduction estimator
cluster centroid distance similarity embedding space manifold projection component axis
tree split node leaf depth ensemble vote boost stump forest bag feature importance
pipeline worker process device memory bandwidth latency throughput shard replica copy
checkpoint precision overflow underflow scaling compiler graph kernel fusion operator
""".split()

VERBS = """
reduces increases stabilizes controls bounds shifts smooths scales normalizes averages
approximates estimates measures regularizes constrains captures encodes decodes predicts
selects filters combines separates projects compresses expands updates tracks explains
""".split()

ADJECTIVES = """
small large noisy stable unstable cheap expensive biased unbiased sparse dense shallow deep
fast slow linear smooth sharp flat narrow wide careful common rare typical robust fragile
""".split()

CONNECTORS = [
    "In practice",
    "As a rule of thumb",
    "Intuitively",
    "More formally",
    "For example",
    "In most libraries",
    "On small datasets",
    "At scale",
    "During training",
    "At inference time",
    "In the simplest case",
    "Surprisingly",
    "By contrast",
    "As a consequence",
    "Put differently",
]

QUESTION_STARTS = [
    "What is",
    "Why does",
    "How would you explain",
    "When should you prefer",
    "What goes wrong with",
    "How do you debug",
    "What is the cost of",
    "How is",
    "Which assumption underlies",
    "How would you implement",
    "What limits",
    "Compare",
    "Derive",
    "Give an example of",
]

TAGS = """
ml deep-learning statistics optimization nlp vision rl systems probability math interview
course review todo exam theory practice papers cnn transformers regularization evaluation
""".split()
NESTED_TAGS = ["math/linear-algebra", "math/calculus", "ml/supervised", "ml/unsupervised", "study/review"]

CALLOUT_TYPES = ["note", "info", "tip", "warning", "example", "question", "abstract", "success", "danger", "quote"]

FORMULAS = [
    r"\frac{1}{n}\sum_{i=1}^{n} x_i",
    r"\nabla_\theta \mathcal{L}(\theta)",
    r"\theta_{t+1} = \theta_t - \eta \, g_t",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    r"\mathbb{E}_{x \sim p}[f(x)]",
    r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2",
    r"p(\theta \mid x) \propto p(x \mid \theta)\, p(\theta)",
    r"\|w\|_2^2",
    r"D_{\mathrm{KL}}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}",
    r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"H(p) = -\sum_x p(x) \log p(x)",
    r"y = W x + b",
    r"\hat{y} = \arg\max_k p_k",
    r"O(n \log n)",
    r"\lambda \sum_j |w_j|",
    r"Q(s, a) \leftarrow r + \gamma \max_{a'} Q(s', a')",
    r"\frac{\partial \mathcal{L}}{\partial w_{ij}}",
    r"x^\top A x",
    r"\alpha \in (0, 1)",
    r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t",
]

DISPLAY_FORMULAS = [
    [r"\mathcal{L}(\theta) = -\frac{1}{N} \sum_{i=1}^{N} \log p_\theta(y_i \mid x_i)"],
    [
        r"\begin{aligned}",
        r"m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\",
        r"v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\",
        r"\theta_t &= \theta_{t-1} - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        r"\end{aligned}",
    ],
    [r"\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V"],
    [
        r"\hat{\mu} = \frac{1}{n} \sum_{i=1}^{n} x_i, \qquad \hat{\sigma}^2 = \frac{1}{n - 1} \sum_{i=1}^{n} (x_i - \hat{\mu})^2"
    ],
    [
        r"\begin{aligned}",
        r"\text{bias}^2 &= (\mathbb{E}[\hat{f}] - f)^2 \\",
        r"\text{variance} &= \mathbb{E}\big[(\hat{f} - \mathbb{E}[\hat{f}])^2\big]",
        r"\end{aligned}",
    ],
    [r"V^\pi(s) = \mathbb{E}_\pi\left[\sum_{t=0}^{\infty} \gamma^t r_{t+1} \,\middle|\, s_0 = s\right]"],
    [r"y_{ij} = \sum_{m} \sum_{n} x_{i+m,\, j+n}\, k_{mn} + b"],
]

CODE_NAMES = ["model", "loader", "optimizer", "scheduler", "batch", "logits", "targets", "weights", "grads", "mask"]


@dataclass
class Plan:
    """One note decided before any text is written, so links can point at its headings."""

    path: str
    title: str
    kind: str
    category: str
    headings: list[str] = field(default_factory=list)
    target_bytes: int = 0
    # Atomic mix only: headings whose sections embed nothing (so they may be embedded), the
    # note's block ids by where they stand, and the card format of a Q/A note.
    embeddable: list[str] = field(default_factory=list)
    blocks: dict[str, str] = field(default_factory=dict)
    style: str = ""


def _title(word: str) -> str:
    return word.replace("-", " ")


def sentence(rng: random.Random, words: int | None = None) -> str:
    count = words or rng.randint(8, 18)
    body = [rng.choice(WORDS) for _ in range(count)]
    body.insert(rng.randint(1, count - 1), rng.choice(VERBS))
    if rng.random() < 0.4:
        body.insert(rng.randint(1, count - 1), rng.choice(ADJECTIVES))
    lead = rng.choice(CONNECTORS) + ", " if rng.random() < 0.3 else ""
    text = lead + " ".join(body)
    return text[0].upper() + text[1:] + "."


class Writer:
    """Text for one note: sentences with math, links and tags sprinkled in."""

    FRONT_TAGS = TAGS  # the frontmatter's tags are drawn from these
    # A sentence of a paragraph gets inline math, a link, a highlight or inline code when a
    # roll falls below each of these (cumulative) bounds.
    ROLLS = (0.25, 0.40, 0.45, 0.48)
    SENTENCE_WORDS: tuple[int, int] | None = None  # words in a sentence of a paragraph (None: 8-18)

    def __init__(self, rng: random.Random, plan: Plan, plans: list[Plan], attachments: list[str]) -> None:
        self.rng = rng
        self.plan = plan
        self.plans = plans
        self.attachments = attachments
        self.questions: set[str] = set()
        self.tag_count = 0

    def inline_math(self) -> str:
        return f"${self.rng.choice(FORMULAS)}$"

    def link(self) -> str:
        rng = self.rng
        other = rng.choice(self.plans)
        roll = rng.random()
        if (other is self.plan or roll < 0.05) and self.plan.headings:
            return f"[[#{rng.choice(self.plan.headings)}]]"
        if roll < 0.3:
            return f"[[{other.title}]]"
        if roll < 0.5:
            return f"[[{other.title}|{rng.choice(WORDS)} {rng.choice(WORDS)}]]"
        if other.headings and roll < 0.75:
            return f"[[{other.title}#{rng.choice(other.headings)}]]"
        if other.headings:
            return f"[[{other.title}#{rng.choice(other.headings)}|{rng.choice(ASPECTS)}]]"
        return f"[[{other.title}]]"

    def tag(self) -> str:
        self.tag_count += 1
        return "#" + (self.rng.choice(NESTED_TAGS) if self.rng.random() < 0.2 else self.rng.choice(TAGS))

    def paragraph(self, sentences: tuple[int, int] = (2, 5), rolls: tuple[float, ...] | None = None) -> str:
        rng = self.rng
        math_below, link_below, highlight_below, code_below = rolls or self.ROLLS
        parts = []
        for _ in range(rng.randint(*sentences)):
            text = sentence(rng, rng.randint(*self.SENTENCE_WORDS) if self.SENTENCE_WORDS else None)
            roll = rng.random()
            if roll < math_below:
                text = text[:-1] + f" with {self.inline_math()}."
            elif roll < link_below:
                text = text[:-1] + f", see {self.link()}."
            elif roll < highlight_below:
                text = text[:-1] + f" and ==the {rng.choice(WORDS)} matters most==."
            elif roll < code_below:
                text = text[:-1] + f" with `{rng.choice(CODE_NAMES)}.{rng.choice(WORDS)}()`."
            parts.append(text)
        if rng.random() < 0.15:
            parts.append(self.tag())
        return " ".join(parts)

    def question(self) -> str:
        rng = self.rng
        while True:
            start = rng.choice(QUESTION_STARTS)
            text = f"{start} {rng.choice(ADJECTIVES)} {_title(rng.choice(TOPICS))} for the {rng.choice(WORDS)} {rng.choice(WORDS)}?"
            if rng.random() < 0.2:
                text = text[:-1] + f" when {self.inline_math()}?"
            key = text.lower()
            if key not in self.questions:
                self.questions.add(key)
                return text

    def code(self, prefix: str = "") -> list[str]:
        rng = self.rng
        name, other = rng.sample(CODE_NAMES, 2)
        body = [
            "```python",
            "import torch",
            "",
            f"def {rng.choice(WORDS)}_{rng.choice(WORDS)}({name}, {other}, scale={rng.randint(1, 9)}.0):",
            f"    # {sentence(rng, 6)}",
            f"    out = {name} * scale",
            f"    for step in range({rng.randint(2, 64)}):",
            f"        out = out - {rng.random():.3f} * ({other} - out).mean()",
            f"    return out  # shape ({rng.randint(1, 512)}, {rng.randint(1, 64)})",
            "```",
        ]
        if rng.random() < 0.5:
            body[6:6] = [f"    if {other} is None:", "        return out"]
        return [prefix + line if line else prefix.rstrip() for line in body]

    def display_math(self, prefix: str = "") -> list[str]:
        lines = ["$$", *self.rng.choice(DISPLAY_FORMULAS), "$$"]
        return [prefix + line for line in lines]

    def bullets(self, count: tuple[int, int] = (3, 6), indent: str = "", marker: str = "-") -> list[str]:
        return [f"{indent}{marker} {self.paragraph((1, 2))}" for _ in range(self.rng.randint(*count))]

    def table(self, prefix: str = "") -> list[str]:
        rng = self.rng
        columns = rng.sample(["Method", "Cost", "Memory", "Accuracy", "Notes", "Steps"], 3)
        rows = [f"| {' | '.join(columns)} |", "|" + "---|" * len(columns)]
        for _ in range(rng.randint(2, 5)):
            rows.append(f"| {_title(rng.choice(TOPICS))} | {rng.randint(1, 999)} | {rng.choice(ADJECTIVES)} |")
        return [prefix + row for row in rows]

    def callout(self, folded: bool = False, sentences: tuple[int, int] = (1, 3), extras: bool = True) -> list[str]:
        """`> [!type] Title` with content; folded ones hold a fenced code block (`>` + code lines),
        others (with `extras`) may hold display math or bullets."""
        rng = self.rng
        kind = "tip" if folded and rng.random() < 0.6 else rng.choice(CALLOUT_TYPES)
        fold = "-" if folded else ("+" if rng.random() < 0.1 else "")
        title = f" {_title(rng.choice(TOPICS)).capitalize()} {rng.choice(ASPECTS)}" if rng.random() < 0.7 else ""
        tight = rng.random() < 0.2  # Obsidian also accepts `>text` with no space
        prefix = ">" if tight else "> "
        lines = [f"{prefix}[!{kind}]{fold}{title}", prefix + self.paragraph(sentences)]
        if folded:
            lines += [">", *self.code(prefix)]
        elif extras and rng.random() < 0.3:
            lines += [">", *self.display_math(prefix)]
        elif extras and rng.random() < 0.3:
            lines += [">", *self.bullets((2, 3), prefix)]
        return lines

    def image(self) -> str:
        name = self.rng.choice(self.attachments)
        return f"![[{name}|{self.rng.choice([200, 300, 400])}]]" if self.rng.random() < 0.4 else f"![[{name}]]"


def frontmatter(w: Writer, extra: list[str], always: tuple[str, ...] = ()) -> list[str]:
    rng, plan = w.rng, w.plan
    tags = sorted(set(rng.sample(w.FRONT_TAGS, rng.randint(1, 3))) | set(always))
    lines = ["---"]
    if rng.random() < 0.3:
        lines.append(f"title: {plan.title}")
    lines.append(f"tags: [{', '.join(tags)}]")
    lines += extra
    lines.append("---")
    return lines


def fill(w: Writer, budget: int, make_item: Callable[[], list[str]]) -> list[str]:
    """Items from `make_item()` while they fit in `budget` bytes (always at least one)."""
    lines: list[str] = []
    size = 0
    while True:
        item = make_item()
        item_size = sum(len(line) + 1 for line in item)
        if lines and size + item_size > budget:
            return lines
        lines += item
        size += item_size


def section_budget(w: Writer, used: list[str]) -> int:
    spent = sum(len(line) + 1 for line in used)
    return max(300, (w.plan.target_bytes - spent) // max(1, len(w.plan.headings)))


def sections(
    w: Writer, lines: list[str], make_item: Callable[[], list[str]], lead: Callable[[], list[str]] = list
) -> list[str]:
    """`lines`, then a `## ` section per planned heading: `lead()`, then items from `make_item()`
    while they fit in the section's share of the note's target size."""
    budget = section_budget(w, lines)
    for heading in w.plan.headings:
        lines += [f"## {heading}", "", *lead()] + fill(w, budget, make_item)
    return lines


def qa_note(w: Writer, question: str = "Q:", answer: str = "A:") -> list[str]:
    """`Q:` / `A:` cards (or other markers, e.g. bold `**Q:**`) under `## ` headings."""
    rng = w.rng
    lines = frontmatter(w, [])
    if rng.random() < 0.6:
        lines += [w.paragraph((1, 3)), ""]

    def card() -> list[str]:
        item: list[str] = [f"{question} {w.question()}"]
        shape = rng.random()
        if shape < 0.15:  # the question carries code, the answer bullets
            item += w.code()
            item.append(answer)
            item += w.bullets((2, 5), marker="*")
        elif shape < 0.35:
            item.append(f"{answer} {w.paragraph((1, 3))}")
            item += [""] + w.display_math() + ["", w.paragraph((1, 2))]
        elif shape < 0.50:  # answer with a folded callout holding code
            item.append(f"{answer} {w.paragraph((1, 2))}")
            item += w.callout(folded=True)
        elif shape < 0.65:
            item.append(f"{answer} {w.paragraph((1, 2))}")
            item += w.code()
        else:
            item.append(f"{answer} {w.paragraph((2, 5))}")
        return item + [""]

    return sections(w, lines, card)


def questionnaire_note(w: Writer) -> list[str]:
    rng = w.rng
    lines = frontmatter(w, ["qa: list"])
    lines += [w.paragraph((2, 4)), ""]

    def item() -> list[str]:
        lines = [f"- {w.question()}", "", "    " + w.paragraph((1, 4))]
        shape = rng.random()
        if shape < 0.3:
            lines += [""] + w.bullets((2, 4), indent="    ", marker="*")
        elif shape < 0.5:
            lines += [""] + w.code("    ")
        elif shape < 0.65:
            lines += [""] + w.display_math("    ")
        if rng.random() < 0.3:
            lines += ["", "    " + w.paragraph((1, 2))]
        return lines + [""]

    return sections(w, lines, item)


def scribbles_note(w: Writer) -> list[str]:
    rng = w.rng
    lines = frontmatter(w, ["scribbles: true"])
    lines += [w.paragraph((1, 2)) + " %% tidy up later %%", ""]

    def block() -> list[str]:
        lines = w.bullets((2, 5)) + [""]
        roll = rng.random()
        if roll < 0.2:
            lines += w.display_math() + [""]
        elif roll < 0.35:
            lines += w.table() + [""]
        elif roll < 0.45:
            lines += ["%%", sentence(rng), sentence(rng), "%%", ""]
        return lines

    return sections(w, lines, block)


def concept_note(w: Writer) -> list[str]:
    rng, plan = w.rng, w.plan
    extra = (
        [f"aliases: [{plan.title.split()[-1].capitalize()} {rng.randint(1000, 9999)}]"] if rng.random() < 0.2 else []
    )
    lines = frontmatter(w, extra)
    lines += [f"# {plan.title}", "", w.paragraph((2, 4)), ""]
    if w.attachments and rng.random() < 0.2:
        lines += [w.image(), ""]

    def block() -> list[str]:
        roll = rng.random()
        if roll < 0.25:
            return w.callout() + [""]
        if roll < 0.45:
            return w.callout(folded=True) + [""]
        if roll < 0.6:
            return w.display_math() + [""]
        if roll < 0.7:
            return w.bullets() + [""]
        if roll < 0.8:
            return w.code() + [""]
        if roll < 0.85:
            return w.table() + [""]
        return [w.paragraph(), ""]

    return sections(w, lines, block, lambda: [w.paragraph(), ""])


RENDERERS = {"qa": qa_note, "questionnaire": questionnaire_note, "scribbles": scribbles_note, "concept": concept_note}


# --- The atomic mix: a Zettelkasten-style vault of many small, densely linked notes. ---

# Top folders (areas), the subfolders their notes go in, and the kind of note an area suits best.
AREAS: list[tuple[str, list[str], str]] = [
    (
        "Machine learning",
        ["Supervised", "Supervised/Linear models", "Unsupervised", "Optimization/Adaptive methods", "Evaluation"],
        "atomic",
    ),
    (
        "Deep learning",
        ["Architectures/Transformers", "Architectures/Convolutional", "Training", "Generative"],
        "atomic",
    ),
    ("Mathematics", ["Linear algebra", "Probability/Distributions", "Probability/Inference", "Calculus"], "math"),
    ("Engineering", ["Data/SQL", "Serving", "MLOps/Tracking", "Tooling/Shell"], "code"),
    ("Research", ["Papers/Vision", "Papers/Language", "Reading notes"], "atomic"),
    ("Interview prep", ["Fundamentals", "System design", "Drills/Flashcards"], "qa"),
    ("Journal", ["Daily", "Weekly/Reviews"], "scribbles"),
]
ATOMIC_KINDS = [("atomic", 45), ("qa", 20), ("code", 15), ("math", 10), ("scribbles", 10)]
# Target size of each kind: (lowest, typical, highest) bytes, drawn log-normal around the typical.
ATOMIC_SIZES = {
    "atomic": (450, 950, 1700),
    "qa": (1500, 4000, 12000),
    "code": (2600, 6000, 13000),
    "math": (2500, 5000, 12000),
    "scribbles": (29500, 45000, 67000),
}
ATOMIC_SECTION_BYTES = {"qa": 2200, "code": 2800, "math": 1800, "scribbles": 1800}
ATOMIC_MIN_BYTES = 300
# Card formats of the Q/A notes, with their weights.
QA_STYLES = [("lines", 45), ("bold", 20), ("heading", 15), ("flashcards", 20)]

ATOMIC_TAGS = """
ml/supervised ml/unsupervised ml/optimization ml/optimization/adaptive ml/evaluation/metrics
dl/architectures/transformers dl/architectures/cnn dl/training dl/generative/diffusion
math/linear-algebra math/probability/distributions math/probability/inference math/calculus
math/information-theory eng/pipelines eng/serving eng/mlops/tracking eng/sql zettel/permanent
zettel/literature zettel/fleeting status/seedling status/evergreen interview/prep
""".split()

# An atomic note's sections: the first (embeddable) one, the optional middle one, the last one.
FIRST_SECTIONS = ["Key idea", "Intuition", "Formal statement", "Example", "In practice"]
MIDDLE_SECTIONS = ["Why it matters", "Pitfalls", "Assumptions", "Open questions", "Variants"]
LAST_SECTIONS = ["Connections", "Related", "See also", "Sources"]

# Math that reads as one side of an equation: right-hand sides of derivation steps.
MATH_TERMS = [
    formula for formula in FORMULAS if not any(mark in formula for mark in ("=", r"\in ", r"\propto", r"\leftarrow"))
] + [
    r"\sum_{i=1}^{n} w_i x_i + b",
    r"\int_{-\infty}^{\infty} p(x)\, f(x)\, dx",
    r"\prod_{t=1}^{T} p(x_t \mid x_{<t})",
    r"\log \det \Sigma + (x - \mu)^\top \Sigma^{-1} (x - \mu)",
    r"\operatorname{tr}(A^\top B)",
    r"\frac{\partial^2 f}{\partial x_i \, \partial x_j}",
    r"\lim_{n \to \infty} \frac{1}{n} \sum_{i=1}^{n} X_i",
    r"\mathbb{E}\left[(Y - \hat{f}(X))^2\right]",
    r"\sqrt{\frac{2 \log(1 / \delta)}{n}}",
]
MATH_LEFT = [
    r"\mathcal{L}(\theta)",
    r"g_t",
    r"\hat{\theta}",
    r"f(x)",
    r"D_{\mathrm{KL}}(q \,\|\, p)",
    r"\nabla_w J",
    "Z",
]
MATRICES = [
    [
        r"A = \begin{pmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{pmatrix}, \qquad \det A = a_{11} a_{22} - a_{12} a_{21}"
    ],
    [
        r"\Sigma = \begin{bmatrix} \sigma_1^2 & \rho \sigma_1 \sigma_2 \\ \rho \sigma_1 \sigma_2 & \sigma_2^2 \end{bmatrix}"
    ],
    [r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}"],
]
# Sentences of a math note are mostly inline math.
MATH_ROLLS = (0.7, 0.8, 0.82, 0.84)

LANGUAGES = [("python", 35), ("bash", 20), ("yaml", 15), ("json", 15), ("sql", 15)]
SQL_TABLES = ["runs", "metrics", "checkpoints", "datasets", "predictions", "labels"]
SQL_COLUMNS = ["run_id", "step", "loss", "accuracy", "created_at", "split", "model", "score", "label"]
SHELL_TOOLS = ["python -m train", "torchrun --nproc-per-node 2 train.py", "python evaluate.py", "dvc repro"]


def _weighted(items: list[tuple[str, int]]) -> list[str]:
    return [name for name, weight in items for _ in range(weight)]


def _quota(rng: random.Random, items: list[tuple[str, int]], count: int) -> list[str]:
    """`count` names in the items' proportions (largest remainders round), shuffled."""
    total = sum(weight for _, weight in items)
    shares = [(name, count * weight / total) for name, weight in items]
    names = [name for name, share in shares for _ in range(int(share))]
    by_remainder = sorted(shares, key=lambda item: int(item[1]) - item[1])  # stable: ties keep list order
    names += [name for name, _ in by_remainder[: count - len(names)]]
    rng.shuffle(names)
    return names


def _block_id(rng: random.Random) -> str:
    """A block id as Obsidian writes one (`3fa9c1`) or as a person names one."""
    if rng.random() < 0.5:
        return "".join(rng.choice("0123456789abcdef") for _ in range(6))
    return f"{rng.choice(WORDS)}-{rng.randint(1, 99)}"


Statement = tuple[float, Callable[[], list[str]]]  # (cumulative bound of a roll, its lines)


def grow(
    rng: random.Random, lines: int, head: list[str], statements: list[Statement], tail: list[str] | None = None
) -> list[str]:
    """`head`, statements drawn by their bounds until there are about `lines` lines, `tail`;
    never more than 40 lines (a statement that would pass them is left out)."""
    body: list[str] = []
    tail = tail or []
    while len(head) + len(body) + len(tail) < lines:
        roll = rng.random()
        statement = next(make for bound, make in statements if roll < bound)()
        if body and len(head) + len(body) + len(statement) + len(tail) > 40:
            break
        body += statement
    return head + body + tail


def python_code(rng: random.Random, lines: int) -> list[str]:
    """A Python snippet: a function or an `nn.Module`."""
    a, b = rng.sample(CODE_NAMES, 2)
    if rng.random() < 0.5:
        head = [
            "import torch",
            "from torch import nn",
            "",
            "",
            f"class {rng.choice(WORDS).capitalize()}{rng.choice(WORDS).capitalize()}(nn.Module):",
            f'    """{sentence(rng, 7)}"""',
            "",
            f"    def __init__(self, dim: int = {rng.choice([64, 128, 256, 512])}, p: float = {rng.random():.2f}) -> None:",
            "        super().__init__()",
            "        self.proj = nn.Linear(dim, dim)",
            "        self.drop = nn.Dropout(p)",
            "",
            f"    def forward(self, {a}: torch.Tensor) -> torch.Tensor:",
        ]
        indent = "        "
    else:
        head = [
            "import numpy as np",
            "import torch",
            "",
            "",
            f"def {rng.choice(WORDS)}_{rng.choice(WORDS)}({a}: torch.Tensor, {b}: torch.Tensor, lr: float = {rng.choice(['1e-3', '3e-4', '0.01'])}) -> torch.Tensor:",
            f'    """{sentence(rng, 8)}"""',
        ]
        indent = "    "
    statements: list[Statement] = [
        (
            0.25,
            lambda: [
                f"{indent}{a} = {a} - lr * ({b} - {a}).{rng.choice(['mean', 'sum', 'norm'])}(dim=-1, keepdim=True)"
            ],
        ),
        (0.4, lambda: [f"{indent}# {sentence(rng, 6)}"]),
        (
            0.55,
            lambda: [
                f"{indent}for step in range({rng.randint(2, 64)}):",
                f"{indent}    {a} = torch.tanh({a}) * {rng.random():.3f}",
            ],
        ),
        (
            0.7,
            lambda: [
                f"{indent}if {a}.isnan().any():",
                f'{indent}    raise ValueError("{rng.choice(WORDS)} diverged at step {rng.randint(1, 999)}")',
            ],
        ),
        (
            0.85,
            lambda: [
                f"{indent}{rng.choice(WORDS)}_{rng.choice(WORDS)} = np.clip({a}.detach().numpy(), {-rng.randint(1, 9)}, {rng.randint(1, 9)})"
            ],
        ),
        (
            1.0,
            lambda: [
                f"{indent}{a} = torch.softmax({a} @ {a}.transpose(-2, -1) / {rng.randint(2, 16)} ** 0.5, dim=-1) @ {a}"
            ],
        ),
    ]
    return grow(rng, lines, head, statements, [f"{indent}return {a}"])


def bash_code(rng: random.Random, lines: int) -> list[str]:
    head = ["#!/usr/bin/env bash", "set -euo pipefail", "", f'DATA_DIR="${{DATA_DIR:-/data/{rng.choice(WORDS)}}}"', ""]
    statements: list[Statement] = [
        (
            0.3,
            lambda: [
                f"{rng.choice(SHELL_TOOLS)} --config configs/{rng.choice(WORDS)}.yaml \\",
                f"    --lr {rng.choice(['1e-3', '3e-4', '1e-4'])} --epochs {rng.randint(1, 90)} --batch-size {rng.choice([16, 32, 64, 128])}",
            ],
        ),
        (
            0.5,
            lambda: [
                f"for seed in {' '.join(str(rng.randint(0, 99)) for _ in range(3))}; do",
                f'    echo "seed $seed: {sentence(rng, 5)}" | tee -a "logs/{rng.choice(WORDS)}.log"',
                "done",
            ],
        ),
        (0.7, lambda: ['if [[ ! -d "$DATA_DIR" ]]; then', '    mkdir -p "$DATA_DIR"', "fi"]),
        (0.85, lambda: [f"# {sentence(rng, 6)}"]),
        (
            1.0,
            lambda: [
                f'find "$DATA_DIR" -name "*.{rng.choice(["pt", "csv", "json"])}" -mtime +{rng.randint(1, 30)} -print0 | xargs -0 rm -f'
            ],
        ),
    ]
    return grow(rng, lines, head, statements)


def yaml_code(rng: random.Random, lines: int) -> list[str]:
    head = [
        f"# {sentence(rng, 6)}",
        "experiment:",
        f"  name: {rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.randint(1, 99)}",
    ]

    def mapping() -> list[str]:
        values = [str(rng.randint(1, 512)), f"{rng.random():.3f}", "true", "false"]
        return [f"{rng.choice(WORDS)}_{rng.choice(['config', 'settings', 'options'])}:"] + [
            f"  {rng.choice(WORDS)}: {rng.choice(values)}" for _ in range(rng.randint(2, 5))
        ]

    def sequence() -> list[str]:
        items = [
            [f"  - name: {rng.choice(WORDS)}", f"    weight: {rng.random():.2f}"] for _ in range(rng.randint(1, 3))
        ]
        return [f"{rng.choice(WORDS)}s:"] + [line for item in items for line in item]

    def schedule() -> list[str]:
        return [
            f"{rng.choice(WORDS)}_schedule:",
            f"  warmup_steps: {rng.randint(100, 5000)}",
            f"  decay: {rng.choice(['cosine', 'linear', 'step'])}",
        ]

    return grow(rng, lines, head, [(0.4, mapping), (0.7, sequence), (1.0, schedule)])


def json_code(rng: random.Random, lines: int) -> list[str]:
    data: dict[str, object] = {"experiment": f"{rng.choice(WORDS)}-{rng.randint(1, 99)}", "seed": rng.randint(0, 9999)}
    while len(json.dumps(data, indent=2).split("\n")) < lines:
        roll = rng.random()
        key = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}"
        if roll < 0.4:
            data[key] = {rng.choice(WORDS): round(rng.random(), 4) for _ in range(rng.randint(1, 4))}
        elif roll < 0.7:
            data[key] = [rng.randint(1, 512) for _ in range(rng.randint(1, 3))]
        else:
            data[key] = rng.choice([True, False, None, f"{rng.choice(WORDS)} {rng.choice(WORDS)}"])
    return json.dumps(data, indent=2).split("\n")


def sql_code(rng: random.Random, lines: int) -> list[str]:
    """Statements, a blank line after each but the last."""

    def create() -> list[str]:
        columns = [
            f"    {column} {rng.choice(['INTEGER', 'REAL', 'TEXT', 'TIMESTAMP'])},"
            for column in rng.sample(SQL_COLUMNS, 3)
        ]
        return [
            f"CREATE TABLE IF NOT EXISTS {rng.choice(SQL_TABLES)} (",
            *columns,
            "    PRIMARY KEY (run_id, step)",
            ");",
            "",
        ]

    def select() -> list[str]:
        table, other = rng.sample(SQL_TABLES, 2)
        value, shown = rng.sample(SQL_COLUMNS, 2)
        return [
            "WITH recent AS (",
            f"    SELECT run_id, AVG({value}) AS mean_{value}",
            f"    FROM {table}",
            f"    WHERE step > {rng.randint(100, 9000)}",
            "    GROUP BY run_id",
            ")",
            f"SELECT o.{shown}, recent.mean_{value}",
            f"FROM {other} AS o",
            "JOIN recent ON recent.run_id = o.run_id",
            f"ORDER BY recent.mean_{value} {rng.choice(['ASC', 'DESC'])}",
            f"LIMIT {rng.randint(5, 100)};",
            "",
        ]

    def update() -> list[str]:
        value, missing = rng.sample(SQL_COLUMNS, 2)
        table = rng.choice(SQL_TABLES)
        return [
            f"-- {sentence(rng, 6)}",
            f"UPDATE {table} SET {value} = {value} * {rng.random():.2f} WHERE {missing} IS NULL;",
            "",
        ]

    return grow(rng, lines, [], [(0.3, create), (0.7, select), (1.0, update)])[:-1]


CODE_WRITERS: dict[str, Callable[[random.Random, int], list[str]]] = {
    "python": python_code,
    "bash": bash_code,
    "yaml": yaml_code,
    "json": json_code,
    "sql": sql_code,
}


@dataclass
class Targets:
    """What links of the atomic mix may point at, collected once for the vault."""

    blocks: list[Plan]  # notes with block ids
    embeddable: list[Plan]  # notes with sections that embed nothing

    @classmethod
    def of(cls, plans: list[Plan]) -> Targets:
        return cls([plan for plan in plans if plan.blocks], [plan for plan in plans if plan.embeddable])


class AtomicWriter(Writer):
    """A Writer for the atomic mix: denser links (also to blocks and by folder), nested tags,
    section embeds, code in five languages and derivations."""

    FRONT_TAGS = ATOMIC_TAGS
    ROLLS = (0.15, 0.50, 0.54, 0.58)
    SENTENCE_WORDS = (5, 12)

    def __init__(
        self, rng: random.Random, plan: Plan, plans: list[Plan], attachments: list[str], targets: Targets
    ) -> None:
        super().__init__(rng, plan, plans, attachments)
        self.targets = targets

    def link(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.2 and self.targets.blocks:  # a block: `[[Other#^id]]`, `[[#^id]]` in its own note
            other = rng.choice(self.targets.blocks)
            name = "" if other is self.plan else other.title
            label = f"|{rng.choice(ASPECTS)}" if rng.random() < 0.3 else ""
            return f"[[{name}#^{rng.choice(list(other.blocks.values()))}{label}]]"
        if roll < 0.28:  # by folder: the whole path, or its end
            path = rng.choice(self.plans).path[: -len(".md")]
            return f"[[{path if rng.random() < 0.5 else path.split('/', 1)[1]}]]"
        return super().link()

    def tag(self) -> str:
        self.tag_count += 1
        return "#" + self.rng.choice(ATOMIC_TAGS)

    def embed(self) -> str:
        """`![[Other#Heading]]` of a section that embeds nothing itself (a link if there is none)."""
        rng = self.rng
        for _ in range(4):
            other = rng.choice(self.targets.embeddable) if self.targets.embeddable else self.plan
            if other is not self.plan:
                return f"![[{other.title}#{rng.choice(other.embeddable)}]]"
        return f"See {self.link()}."

    def definition(self, more: tuple[int, int] = (0, 2)) -> str:
        """`**Title** is a ...` with a link, then `more` sentences."""
        rng = self.rng
        first = (
            f"**{self.plan.title}** is a {rng.choice(ADJECTIVES)} {rng.choice(WORDS)} {rng.choice(WORDS)} that "
            f"{rng.choice(VERBS)} the {rng.choice(WORDS)} {rng.choice(WORDS)} of a {rng.choice(WORDS)}, see {self.link()}."
        )
        return " ".join([first, self.paragraph(more)]).strip()

    def fenced(self, prefix: str = "") -> list[str]:
        """A fenced block of 8-40 lines in one of five languages."""
        language = self.rng.choice(_weighted(LANGUAGES))
        body = CODE_WRITERS[language](self.rng, self.rng.randint(8, 34))
        return [prefix + line if line else prefix.rstrip() for line in [f"```{language}", *body, "```"]]

    def derivation(self, prefix: str = "") -> list[str]:
        r"""A `\begin{aligned}` block: a left side, then two to five `&= ...` steps."""
        rng = self.rng
        steps = [rf"&= {rng.choice(MATH_TERMS)}" for _ in range(rng.randint(2, 5))]
        steps[0] = f"{rng.choice(MATH_LEFT)} {steps[0]}"
        rows = [step + r" \\" for step in steps[:-1]] + steps[-1:]
        return [prefix + line for line in ["$$", r"\begin{aligned}", *rows, r"\end{aligned}", "$$"]]


def atomic_note(w: AtomicWriter) -> list[str]:
    """A definition (with a block id), a callout or two, short sections, related links, embeds;
    what is optional is written while the note's target size allows."""
    rng, plan = w.rng, w.plan
    lines = frontmatter(w, [])

    def spare() -> int:
        return plan.target_bytes - sum(len(line) + 1 for line in lines)

    definition = w.definition((0, 0) if spare() < 700 else (0, 2))
    lines += [f"# {plan.title}", "", f"{definition} ^{plan.blocks['definition']}", ""]
    lines += (w.callout() if spare() > 900 else w.callout(sentences=(1, 1), extras=False)) + [""]
    if "callout" in plan.blocks:  # an id on its own line names the callout above it
        lines += [f"^{plan.blocks['callout']}", ""]
    *sections, last = plan.headings
    for heading in sections:
        lines += [f"## {heading}", "", w.paragraph((1, 1) if spare() < 500 else (1, 2)), ""]
        if spare() > 500 and rng.random() < 0.4:
            lines += [f"$$ {rng.choice(MATH_TERMS)} $$", ""]
    if spare() > 500 and rng.random() < 0.5:
        lines += w.callout(sentences=(1, 2), extras=spare() > 1000) + [""]
    items = rng.randint(1, max(1, min(4, spare() // 170)))  # an item is at most 170 bytes
    related = [f"- {w.link()}: {sentence(rng, rng.randint(4, 8))}" for _ in range(items)]
    if "claim" in plan.blocks:
        related[-1] += f" ^{plan.blocks['claim']}"
    lines += [f"## {last}", "", *related, ""]
    # Embeds last, after the note's own headings: they keep the anchors links to them expect.
    for number in range(rng.choice([0, 1, 1, 2])):
        if number == 0 or spare() > 100:
            lines += [w.embed(), ""]
    if w.attachments and spare() > 60 and rng.random() < 0.15:
        lines += [w.image(), ""]
    return lines


def bold_qa_note(w: Writer) -> list[str]:
    return qa_note(w, "**Q:**", "**A:**")


def heading_cards_note(w: Writer) -> list[str]:
    """`# Question 1` / `## Answer` sections (numbered: the site compares questions by their
    first line), the answer running over paragraphs, lists and math."""
    rng, plan = w.rng, w.plan
    lines = frontmatter(w, [])
    if rng.random() < 0.5:
        lines += [w.paragraph((1, 2)), ""]
    numbers = iter(range(1, 1000))

    def card() -> list[str]:
        item = [f"# Question {next(numbers)}", "", w.question(), ""]
        if rng.random() < 0.2:
            item += w.code() + [""]
        item += ["## Answer", "", w.paragraph((1, 3)), ""]
        roll = rng.random()
        if roll < 0.3:
            item += w.bullets((2, 4)) + [""]
        elif roll < 0.5:
            item += w.display_math() + ["", w.paragraph((1, 2)), ""]
        elif roll < 0.6:
            item += w.callout(folded=True) + [""]
        return item

    return lines + fill(w, plan.target_bytes - sum(len(line) + 1 for line in lines), card)


def flashcards_note(w: Writer) -> list[str]:
    """Spaced-repetition cards (tag `flashcards`): `question::answer`, or question / `?` / answer lines."""
    rng = w.rng
    lines = frontmatter(w, [], always=("flashcards",))
    lines += [w.paragraph((1, 2)), ""]

    def card() -> list[str]:
        schedule = f"<!--SR:!2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},{rng.randint(1, 90)},{rng.choice([230, 250, 270])}-->"
        if rng.random() < 0.5:
            item = [f"{w.question()}::{w.paragraph((1, 2))}" + (f" {schedule}" if rng.random() < 0.3 else "")]
        else:
            item = [w.question()] + ([sentence(rng)] if rng.random() < 0.3 else []) + ["?"]
            item += [w.paragraph((1, 1)) for _ in range(rng.randint(1, 3))]
            item += [schedule] if rng.random() < 0.3 else []
        return item + [""]

    return sections(w, lines, card)


QA_RENDERERS: dict[str, Callable[[Writer], list[str]]] = {
    "lines": qa_note,
    "bold": bold_qa_note,
    "heading": heading_cards_note,
    "flashcards": flashcards_note,
}


def atomic_qa_note(w: AtomicWriter) -> list[str]:
    return QA_RENDERERS[w.plan.style](w)


def code_note(w: AtomicWriter) -> list[str]:
    """Sections of prose around long fenced blocks (python, bash, yaml, json, sql)."""
    rng, plan = w.rng, w.plan
    lines = frontmatter(w, [])
    lines += [f"# {plan.title}", "", w.paragraph((1, 3)), ""]

    def block() -> list[str]:
        roll = rng.random()
        if roll < 0.7:
            return [w.paragraph((1, 2)), "", *w.fenced(), ""]
        if roll < 0.8:
            return w.callout(folded=True) + [""]
        if roll < 0.9:
            return w.table() + [""]
        return w.bullets((2, 4)) + [""]

    return sections(w, lines, block, lambda: [w.paragraph((1, 2)), "", *w.fenced(), ""])


def math_note(w: AtomicWriter) -> list[str]:
    """Display math in every shape (derivations, one-liners, in callouts and lists), inline math."""
    rng, plan = w.rng, w.plan
    lines = frontmatter(w, [])
    lines += [f"# {plan.title}", "", w.paragraph((2, 3), MATH_ROLLS), ""]

    def block() -> list[str]:
        roll = rng.random()
        if roll < 0.3:
            return [w.paragraph((1, 2), MATH_ROLLS), "", *w.derivation(), ""]
        if roll < 0.45:
            return [*w.display_math(), "", w.paragraph((1, 2), MATH_ROLLS), ""]
        if roll < 0.55:
            return [f"$$ {rng.choice(MATH_TERMS)} $$", ""]
        if roll < 0.62:
            return ["$$", *rng.choice(MATRICES), "$$", ""]
        if roll < 0.75:
            kind = rng.choice(["note", "abstract", "tip", "example"])
            return [
                f"> [!{kind}] {rng.choice(ASPECTS).capitalize()}",
                f"> {w.paragraph((1, 2), MATH_ROLLS)}",
                ">",
                *w.derivation("> "),
                "",
            ]
        if roll < 0.87:
            items = [f"- {w.inline_math()}: {sentence(rng, rng.randint(5, 10))}" for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.4:  # display math inside the last item
                items += ["", *w.display_math("    ")]
            return items + [""]
        return [w.paragraph((2, 4), MATH_ROLLS), ""]

    return sections(w, lines, block, lambda: [w.paragraph((1, 2), MATH_ROLLS), ""])


ATOMIC_RENDERERS: dict[str, Callable[[AtomicWriter], list[str]]] = {
    "atomic": atomic_note,
    "qa": atomic_qa_note,
    "code": code_note,
    "math": math_note,
    "scribbles": scribbles_note,
}


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """A tiny solid-colour RGB PNG, written byte for byte the same every time."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(color) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def unique_title(rng: random.Random, used: set[str]) -> str:
    """A note title no other note has (compared case-insensitively); adds it to `used`."""
    while True:
        title = f"{rng.choice(MODIFIERS).capitalize()} {_title(rng.choice(TOPICS))}"
        if title.lower() in used:
            title = f"{title} {rng.randint(2, 99)}"
        if title.lower() not in used:
            break
    used.add(title.lower())
    return title


def unique_headings(count: int, make: Callable[[], str]) -> list[str]:
    """`count` headings from `make()`, no two the same (case aside)."""
    headings: list[str] = []
    while len(headings) < count:
        heading = make()
        if heading.lower() not in (h.lower() for h in headings):
            headings.append(heading)
    return headings


def topic_heading(rng: random.Random) -> Callable[[], str]:
    return lambda: f"{_title(rng.choice(TOPICS)).capitalize()} {rng.choice(ASPECTS)}"


def attachment_names(rng: random.Random, notes: int) -> list[str]:
    count = min(12, max(3, notes // 25))
    return [f"figure-{number:02d}-{rng.choice(TOPICS)}.png" for number in range(count)]


def plan_vault(notes: int, seed: int) -> tuple[list[Plan], list[str]]:
    """The standard mix's notes."""
    rng = random.Random(f"vaultbench:{seed}:plan")
    categories = rng.sample(CATEGORIES, rng.randint(8, 12))
    kinds = _weighted(KINDS)
    used: set[str] = set()
    plans: list[Plan] = []
    for _ in range(notes):
        title = unique_title(rng, used)
        kind = rng.choice(kinds)
        category = (
            "Scribbles"
            if kind == "scribbles" and "Scribbles" in categories and rng.random() < 0.5
            else rng.choice(categories)
        )
        # Sizes: log-normal around 5 KB, clipped to 1-20 KB (most notes short, a few long).
        target = int(min(MAX_BYTES * 0.85, max(MIN_BYTES * 1.2, rng.lognormvariate(math.log(4500), 0.7))))
        sections = max(1, min(12, round(target / SECTION_BYTES[kind])))
        headings = unique_headings(sections, topic_heading(rng))
        plans.append(Plan(f"{category}/{title}.md", title, kind, category, headings, target))
    return plans, attachment_names(rng, notes)


def plan_atomic(notes: int, seed: int) -> tuple[list[Plan], list[str]]:
    """The atomic mix's notes: kind, folder, size, headings, block ids and card format of each."""
    rng = random.Random(f"vaultbench:{seed}:atomic:plan")
    areas = rng.sample(AREAS, rng.randint(4, 6))
    kinds, styles = _quota(rng, ATOMIC_KINDS, notes), _weighted(QA_STYLES)
    used: set[str] = set()
    plans: list[Plan] = []
    for kind in kinds:
        title = unique_title(rng, used)
        suited = [area for area in areas if area[2] == kind]
        area, folders, _ = rng.choice(suited) if suited and rng.random() < 0.5 else rng.choice(areas)
        low, typical, high = ATOMIC_SIZES[kind]
        target = int(min(high, max(low, rng.lognormvariate(math.log(typical), 0.45))))
        plan = Plan(f"{area}/{rng.choice(folders)}/{title}.md", title, kind, area, target_bytes=target)
        if kind == "atomic":
            middle = [rng.choice(MIDDLE_SECTIONS)] if target > 1300 else []
            plan.headings = [rng.choice(FIRST_SECTIONS), *middle, rng.choice(LAST_SECTIONS)]
            plan.embeddable = plan.headings[:-1]  # the last section holds the embeds
            plan.blocks["definition"] = "definition" if rng.random() < 0.3 else _block_id(rng)
            for place, chance in (("callout", 0.3), ("claim", 0.4)):
                block = _block_id(rng)
                if rng.random() < chance and block not in plan.blocks.values():
                    plan.blocks[place] = block
        else:
            plan.style = rng.choice(styles) if kind == "qa" else ""
            sections = round(target / ATOMIC_SECTION_BYTES[kind])
            limits = {"qa": (1, 6), "code": (2, 8), "math": (2, 7), "scribbles": (16, 60)}[kind]
            count = 0 if plan.style == "heading" else max(limits[0], min(limits[1], sections))
            plan.headings = unique_headings(count, topic_heading(rng))
            if kind in ("code", "math"):
                plan.embeddable = list(plan.headings)
        plans.append(plan)
    return plans, attachment_names(rng, notes)


MIX_KINDS = {"standard": KINDS, "atomic": ATOMIC_KINDS}
MIXES = tuple(MIX_KINDS)


def plan_mix(notes: int, seed: int, mix: str = "standard") -> tuple[list[Plan], list[str]]:
    """The notes (and attachment names) of a vault of `mix`, decided before any text is written."""
    if mix not in MIX_KINDS:
        raise ValueError(f"unknown mix {mix!r}; choose one of {', '.join(MIXES)}")
    return plan_vault(notes, seed) if mix == "standard" else plan_atomic(notes, seed)


def kind_counts(plans: list[Plan], mix: str = "standard") -> dict[str, int]:
    """How many notes of each kind, in the order the mix lists its kinds."""
    return {kind: sum(plan.kind == kind for plan in plans) for kind, _ in MIX_KINDS[mix]}


def generate(notes: int, seed: int, out: Path, mix: str = "standard") -> dict[str, int]:
    """Write the vault into `out` (replacing a vault this script wrote there before)."""
    plans, attachments = plan_mix(notes, seed, mix)
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not written by bench/generate.py; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    marker = f"notes={notes} seed={seed}" + ("" if mix == "standard" else f" mix={mix}")
    (out / MARKER).write_text(marker + "\n", encoding="utf-8")
    targets = Targets.of(plans) if mix == "atomic" else Targets([], [])
    total = 0
    for number, plan in enumerate(plans):
        if mix == "standard":
            writer = Writer(random.Random(f"vaultbench:{seed}:note:{number}"), plan, plans, attachments)
            lines, minimum = RENDERERS[plan.kind](writer), MIN_BYTES
        else:
            rng = random.Random(f"vaultbench:{seed}:{mix}:note:{number}")
            atomic = AtomicWriter(rng, plan, plans, attachments, targets)
            writer, lines, minimum = atomic, ATOMIC_RENDERERS[plan.kind](atomic), ATOMIC_MIN_BYTES
        while sum(len(line) + 1 for line in lines) < minimum:  # a short note gets a "see also" line
            lines += ["", f"See also {writer.link()} and {writer.link()}. {writer.paragraph((1, 2))}"]
        data = ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
        target = out / plan.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
    folder = out / "attachments"
    folder.mkdir()
    colors = random.Random(f"vaultbench:{seed}:images")
    for name in attachments:
        side = colors.randint(8, 32)
        (folder / name).write_bytes(
            png(side, side, (colors.randint(0, 255), colors.randint(0, 255), colors.randint(0, 255)))
        )
    return {"notes": len(plans), "attachments": len(attachments), "bytes": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, required=True, help="number of notes")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same notes + seed = same files)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the vault into")
    parser.add_argument(
        "--mix", choices=MIXES, default="standard", help="which note shapes and sizes (default: standard)"
    )
    arguments = parser.parse_args(argv)
    summary = generate(arguments.notes, arguments.seed, arguments.out, arguments.mix)
    plans, _ = plan_mix(arguments.notes, arguments.seed, arguments.mix)  # planning alone is cheap
    kinds = ", ".join(f"{count} {kind}" for kind, count in kind_counts(plans, arguments.mix).items())
    print(
        f"{summary['notes']} notes ({kinds}), {summary['attachments']} attachments, "
        f"{summary['bytes'] / 1e6:.1f} MB, {arguments.mix} mix, in {arguments.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
