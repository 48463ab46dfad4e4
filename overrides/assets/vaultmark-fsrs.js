/*
 * FSRS spaced-repetition scheduler for the study mode: when a card is due next,
 * given how it was rated. An ES module with no dependencies and no globals.
 *
 * It mirrors `fsrs` 6.3.2 (py-fsrs, FSRS-6, 21 parameters), formula by formula and
 * in the same order of operations, so it gives the same results as its
 * Scheduler.review_card (tests/test_fsrs_parity.py checks it against py-fsrs):
 *
 *   - review: initial stability and difficulty, next difficulty (linear damping,
 *     mean reversion), recall and forget stability, short-term stability for a
 *     review less than a day after the last one, learning and relearning steps
 *     (Hard on the first step, more steps than the scheduler has), intervals in
 *     whole days rounded as Python rounds (half to even), at least 1 day, at most
 *     maximum_interval, and clamping of stability and difficulty;
 *   - interval fuzzing, on by default as in py-fsrs. Its random numbers come from
 *     options.random (Math.random unless given), so a test can feed the same
 *     numbers to both implementations;
 *   - retrievability (Scheduler.get_card_retrievability) and the parameter bounds
 *     the Scheduler checks.
 *
 * Not ported: the optimizer, review logs, rescheduling from logs, serialization.
 * JavaScript's ** may differ from C's pow() in the last bit, so stability can differ
 * from py-fsrs's by about 1e-14 (relative); states, steps and due dates are the same.
 *
 * Times are epoch milliseconds (a Date is accepted too); steps are whole seconds and
 * the option names are py-fsrs's, so a Scheduler.to_dict() can be passed as options.
 * A card has py-fsrs's Card fields but the id: {state, step, stability, difficulty,
 * due, last_review}, step null in Review, stability and difficulty null before the
 * first review. review returns a new card and leaves the one given unchanged.
 */

export const State = Object.freeze({ Learning: 1, Review: 2, Relearning: 3 })
export const Rating = Object.freeze({ Again: 1, Hard: 2, Good: 3, Easy: 4 })

export const DEFAULT_PARAMETERS = Object.freeze([
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
  1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
])

export const DEFAULT_OPTIONS = Object.freeze({
  parameters: DEFAULT_PARAMETERS,
  desired_retention: 0.9,
  learning_steps: Object.freeze([60, 600]),  /* seconds: 1 min, 10 min */
  relearning_steps: Object.freeze([600]),    /* 10 min */
  maximum_interval: 36500,                   /* days */
  enable_fuzzing: true,
})

const STABILITY_MIN = 0.001
const LOWER_BOUNDS = [STABILITY_MIN, STABILITY_MIN, STABILITY_MIN, STABILITY_MIN, 1.0, 0.001, 0.001,
  0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1]
const UPPER_BOUNDS = [100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0,
  0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8]
const MIN_DIFFICULTY = 1.0
const MAX_DIFFICULTY = 10.0
const FUZZ_RANGES = [
  { start: 2.5, end: 7.0, factor: 0.15 },
  { start: 7.0, end: 20.0, factor: 0.1 },
  { start: 20.0, end: Infinity, factor: 0.05 },
]
const DAY = 86400000  /* ms */

/* ------------------------------------------------------------------------- */

/* A card never reviewed: Learning, first step, due now */
export function createCard(now = Date.now()) {
  return { state: State.Learning, step: 0, stability: null, difficulty: null, due: time(now), last_review: null }
}

/* The options with their defaults, checked as py-fsrs's Scheduler checks them */
function settings(options = {}) {
  const s = { ...DEFAULT_OPTIONS, random: Math.random, ...options }
  const w = s.parameters
  if (w.length !== LOWER_BOUNDS.length)
    throw new RangeError(`Expected ${LOWER_BOUNDS.length} parameters, got ${w.length}.`)
  const wrong = w.map((value, i) => !(LOWER_BOUNDS[i] <= value && value <= UPPER_BOUNDS[i])
    ? `parameters[${i}] = ${value} is out of bounds: (${LOWER_BOUNDS[i]}, ${UPPER_BOUNDS[i]})` : "")
  if (wrong.some(Boolean))
    throw new RangeError("One or more parameters are out of bounds:\n" + wrong.filter(Boolean).join("\n"))
  s.decay = -w[20]
  s.factor = 0.9 ** (1 / s.decay) - 1
  return s
}

function time(value) {
  return value instanceof Date ? value.getTime() : value
}

/* Whole days from one time to a later one, floored as Python's timedelta.days */
function daysBetween(from, to) {
  return Math.floor((to - from) / DAY)
}

/* Python's round(): to the nearest integer, halves to the even one */
function roundHalfEven(x) {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/* ------------------------------------------------------------------------- */
/* The formulas: Scheduler._initial_stability and the others, in its order of operations */

const clampDifficulty = d => Math.min(Math.max(d, MIN_DIFFICULTY), MAX_DIFFICULTY)
const clampStability = s => Math.max(s, STABILITY_MIN)

function initialStability(w, rating) {
  return clampStability(w[rating - 1])
}

function initialDifficulty(w, rating, clamp) {
  const d = w[4] - Math.E ** (w[5] * (rating - 1)) + 1
  return clamp ? clampDifficulty(d) : d
}

function nextDifficulty(w, d, rating) {
  const delta = -(w[6] * (rating - 3))
  const damped = d + (10.0 - d) * delta / 9.0
  return clampDifficulty(w[7] * initialDifficulty(w, Rating.Easy, false) + (1 - w[7]) * damped)
}

function shortTermStability(w, s, rating) {
  let increase = Math.E ** (w[17] * (rating - 3 + w[18])) * s ** -w[19]
  if (rating !== Rating.Again)
    increase = Math.max(increase, 1.0)
  return clampStability(s * increase)
}

function nextStability(w, d, s, r, rating) {
  let next
  if (rating === Rating.Again) {
    const longTerm = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * Math.E ** ((1 - r) * w[14])
    next = Math.min(longTerm, s / Math.E ** (w[17] * w[18]))
  } else {
    const hardPenalty = rating === Rating.Hard ? w[15] : 1
    const easyBonus = rating === Rating.Easy ? w[16] : 1
    next = s * (1 + Math.E ** w[8] * (11 - d) * s ** -w[9] * (Math.E ** ((1 - r) * w[10]) - 1)
      * hardPenalty * easyBonus)
  }
  return clampStability(next)
}

/* Days to the next review: whole days, at least 1, at most maximum_interval */
function nextInterval(s, stability) {
  const days = roundHalfEven(stability / s.factor * (s.desired_retention ** (1 / s.decay) - 1))
  return Math.min(Math.max(days, 1), s.maximum_interval)
}

/* Scheduler._get_fuzzed_interval: a few days more or less for intervals of 3 days or more */
function fuzzedInterval(s, days) {
  if (days < 2.5)
    return days
  let delta = 1.0
  for (const range of FUZZ_RANGES)
    delta += range.factor * Math.max(Math.min(days, range.end) - range.start, 0.0)
  const maxDays = Math.min(roundHalfEven(days + delta), s.maximum_interval)
  const minDays = Math.min(Math.max(2, roundHalfEven(days - delta)), maxDays)
  return Math.min(roundHalfEven(s.random() * (maxDays - minDays + 1) + minDays), s.maximum_interval)
}

/* ------------------------------------------------------------------------- */

/* The probability that the card is recalled at `now`: 0 for a card never reviewed */
export function retrievability(card, now = Date.now(), options = {}) {
  const s = settings(options)
  if (card.last_review == null || card.stability == null)  /* null or missing */
    return 0
  const elapsed = Math.max(0, daysBetween(time(card.last_review), time(now)))
  return (1 + s.factor * elapsed / card.stability) ** s.decay
}

/* The card after a review rated 1-4 (Again, Hard, Good, Easy) at `now`: Scheduler.review_card */
export function review(card, rating, now = Date.now(), options = {}) {
  if (![1, 2, 3, 4].includes(rating))
    throw new RangeError(`Unknown rating: ${rating}`)
  if (![1, 2, 3].includes(card.state))
    throw new RangeError(`Unknown card state: ${card.state}`)
  const s = settings(options)
  const w = s.parameters
  const at = time(now)
  const next = { ...card }
  const sameDay = card.last_review != null && daysBetween(time(card.last_review), at) < 1

  if (card.state === State.Learning && (card.stability == null || card.difficulty == null)) {
    next.stability = initialStability(w, rating)
    next.difficulty = initialDifficulty(w, rating, true)
  } else {
    next.stability = sameDay
      ? shortTermStability(w, card.stability, rating)
      : nextStability(w, card.difficulty, card.stability, retrievability(card, at, s), rating)
    next.difficulty = nextDifficulty(w, card.difficulty, rating)
  }

  let interval  /* ms */
  const toReview = () => {
    next.state = State.Review
    next.step = null
    interval = nextInterval(s, next.stability) * DAY
  }
  if (card.state === State.Review) {
    if (rating === Rating.Again && s.relearning_steps.length > 0) {
      next.state = State.Relearning
      next.step = 0
      interval = s.relearning_steps[0] * 1000
    } else {
      interval = nextInterval(s, next.stability) * DAY
    }
  } else {
    const steps = card.state === State.Learning ? s.learning_steps : s.relearning_steps
    if (steps.length === 0 || (card.step >= steps.length && rating !== Rating.Again)) {
      toReview()
    } else if (rating === Rating.Again) {
      next.step = 0
      interval = steps[0] * 1000
    } else if (rating === Rating.Hard) {
      if (card.step === 0)
        interval = (steps.length === 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2.0) * 1000
      else
        interval = steps[card.step] * 1000
    } else if (rating === Rating.Good && card.step + 1 !== steps.length) {
      next.step = card.step + 1
      interval = steps[next.step] * 1000
    } else {
      toReview()  /* Good on the last step, or Easy */
    }
  }

  if (s.enable_fuzzing && next.state === State.Review)
    interval = fuzzedInterval(s, interval / DAY) * DAY
  next.due = at + interval
  next.last_review = at
  return next
}
