"""Generate a synthetic Obsidian vault for benchmarks: deterministic, realistic, buildable.

    python bench/generate.py --notes 1000 --seed 1 --out /tmp/vault-1000

The same `--notes` and `--seed` always give byte-identical files (only Python's
`random.Random` seeded with a string, no hash-ordered iteration, no clock, no
external data). The vault mixes the shapes the site supports:

* Q/A interview notes (`Q:` / `A:`, code fences, inline and display math, folded
  callouts holding code);
* questionnaires (`qa: list`: top-level `- ` items, indented answers);
* scribbles (`scribbles: true`: `## ` topics with bullet lists, tables, comments);
* concept notes (`# ` title, sections, `> [!note]`, folded `> [!tip]-` with a fenced
  code block inside, image embeds);

with wikilinks between notes (`[[Other]]`, `[[Other|alias]]`, `[[Other#Heading]]`,
`[[Other#Heading|alias]]`, `[[#Own heading]]`) that always point at notes and
headings which exist, inline `#tags` and frontmatter tags, spread over 8-12
category folders, plus a few tiny PNG attachments. Notes are 1-20 KB each.
The vault builds with `mkdocs build --strict`.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import struct
import sys
import zlib
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

    def paragraph(self, sentences: tuple[int, int] = (2, 5)) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(*sentences)):
            text = sentence(rng)
            roll = rng.random()
            if roll < 0.25:
                text = text[:-1] + f" with {self.inline_math()}."
            elif roll < 0.40:
                text = text[:-1] + f", see {self.link()}."
            elif roll < 0.45:
                text = text[:-1] + f" and ==the {rng.choice(WORDS)} matters most==."
            elif roll < 0.48:
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

    def callout(self, folded: bool = False) -> list[str]:
        """`> [!type] Title` with content; folded ones hold a fenced code block (`>` + code lines)."""
        rng = self.rng
        kind = "tip" if folded and rng.random() < 0.6 else rng.choice(CALLOUT_TYPES)
        fold = "-" if folded else ("+" if rng.random() < 0.1 else "")
        title = f" {_title(rng.choice(TOPICS)).capitalize()} {rng.choice(ASPECTS)}" if rng.random() < 0.7 else ""
        tight = rng.random() < 0.2  # Obsidian also accepts `>text` with no space
        prefix = ">" if tight else "> "
        lines = [f"{prefix}[!{kind}]{fold}{title}", prefix + self.paragraph((1, 3))]
        if folded:
            lines += [">", *self.code(prefix)]
        elif rng.random() < 0.3:
            lines += [">", *self.display_math(prefix)]
        elif rng.random() < 0.3:
            lines += [">", *self.bullets((2, 3), prefix)]
        return lines

    def image(self) -> str:
        name = self.rng.choice(self.attachments)
        return f"![[{name}|{self.rng.choice([200, 300, 400])}]]" if self.rng.random() < 0.4 else f"![[{name}]]"


def frontmatter(rng: random.Random, plan: Plan, extra: list[str]) -> list[str]:
    tags = sorted(set(rng.sample(TAGS, rng.randint(1, 3))))
    lines = ["---"]
    if rng.random() < 0.3:
        lines.append(f"title: {plan.title}")
    lines.append(f"tags: [{', '.join(tags)}]")
    lines += extra
    lines.append("---")
    return lines


def fill(w: Writer, budget: int, make_item) -> list[str]:
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


def qa_note(w: Writer) -> list[str]:
    rng, plan = w.rng, w.plan
    lines = frontmatter(rng, plan, [])
    if rng.random() < 0.6:
        lines += [w.paragraph((1, 3)), ""]
    budget = section_budget(w, lines)

    def card() -> list[str]:
        item: list[str] = [f"Q: {w.question()}"]
        shape = rng.random()
        if shape < 0.15:  # the question carries code, the answer bullets
            item += w.code()
            item.append("A:")
            item += w.bullets((2, 5), marker="*")
        elif shape < 0.35:
            item.append(f"A: {w.paragraph((1, 3))}")
            item += [""] + w.display_math() + ["", w.paragraph((1, 2))]
        elif shape < 0.50:  # answer with a folded callout holding code
            item.append(f"A: {w.paragraph((1, 2))}")
            item += w.callout(folded=True)
        elif shape < 0.65:
            item.append(f"A: {w.paragraph((1, 2))}")
            item += w.code()
        else:
            item.append(f"A: {w.paragraph((2, 5))}")
        return item + [""]

    for heading in plan.headings:
        lines += [f"## {heading}", ""] + fill(w, budget, card)
    return lines


def questionnaire_note(w: Writer) -> list[str]:
    rng, plan = w.rng, w.plan
    lines = frontmatter(rng, plan, ["qa: list"])
    lines += [w.paragraph((2, 4)), ""]
    budget = section_budget(w, lines)

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

    for heading in plan.headings:
        lines += [f"## {heading}", ""] + fill(w, budget, item)
    return lines


def scribbles_note(w: Writer) -> list[str]:
    rng, plan = w.rng, w.plan
    lines = frontmatter(rng, plan, ["scribbles: true"])
    lines += [w.paragraph((1, 2)) + " %% tidy up later %%", ""]
    budget = section_budget(w, lines)

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

    for heading in plan.headings:
        lines += [f"## {heading}", ""] + fill(w, budget, block)
    return lines


def concept_note(w: Writer) -> list[str]:
    rng, plan = w.rng, w.plan
    extra = (
        [f"aliases: [{plan.title.split()[-1].capitalize()} {rng.randint(1000, 9999)}]"] if rng.random() < 0.2 else []
    )
    lines = frontmatter(rng, plan, extra)
    lines += [f"# {plan.title}", "", w.paragraph((2, 4)), ""]
    if w.attachments and rng.random() < 0.2:
        lines += [w.image(), ""]
    budget = section_budget(w, lines)

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

    for heading in plan.headings:
        lines += [f"## {heading}", "", w.paragraph(), ""] + fill(w, budget, block)
    return lines


RENDERERS = {"qa": qa_note, "questionnaire": questionnaire_note, "scribbles": scribbles_note, "concept": concept_note}


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


def plan_vault(notes: int, seed: int) -> tuple[list[Plan], list[str]]:
    rng = random.Random(f"vaultbench:{seed}:plan")
    categories = rng.sample(CATEGORIES, rng.randint(8, 12))
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    used: set[str] = set()
    plans: list[Plan] = []
    for _ in range(notes):
        while True:
            title = f"{rng.choice(MODIFIERS).capitalize()} {_title(rng.choice(TOPICS))}"
            if title.lower() in used:
                title = f"{title} {rng.randint(2, 99)}"
            if title.lower() not in used:
                break
        used.add(title.lower())
        kind = rng.choice(kinds)
        category = (
            "Scribbles"
            if kind == "scribbles" and "Scribbles" in categories and rng.random() < 0.5
            else rng.choice(categories)
        )
        # Sizes: log-normal around 5 KB, clipped to 1-20 KB (most notes short, a few long).
        target = int(min(MAX_BYTES * 0.85, max(MIN_BYTES * 1.2, rng.lognormvariate(math.log(4500), 0.7))))
        sections = max(1, min(12, round(target / SECTION_BYTES[kind])))
        headings: list[str] = []
        while len(headings) < sections:
            heading = f"{_title(rng.choice(TOPICS)).capitalize()} {rng.choice(ASPECTS)}"
            if heading.lower() not in (h.lower() for h in headings):
                headings.append(heading)
        plans.append(Plan(f"{category}/{title}.md", title, kind, category, headings, target))
    count = min(12, max(3, notes // 25))
    attachments = [f"figure-{number:02d}-{rng.choice(TOPICS)}.png" for number in range(count)]
    return plans, attachments


def generate(notes: int, seed: int, out: Path) -> dict[str, int]:
    """Write the vault into `out` (replacing a vault this script wrote there before)."""
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not written by bench/generate.py; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text(f"notes={notes} seed={seed}\n", encoding="utf-8")
    plans, attachments = plan_vault(notes, seed)
    total = 0
    for number, plan in enumerate(plans):
        writer = Writer(random.Random(f"vaultbench:{seed}:note:{number}"), plan, plans, attachments)
        lines = RENDERERS[plan.kind](writer)
        while sum(len(line) + 1 for line in lines) < MIN_BYTES:  # a short note gets a "see also" line
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
    arguments = parser.parse_args(argv)
    summary = generate(arguments.notes, arguments.seed, arguments.out)
    print(
        f"{summary['notes']} notes, {summary['attachments']} attachments, {summary['bytes'] / 1e6:.1f} MB in {arguments.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
