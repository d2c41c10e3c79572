"""Turn the reference plan into seeded synthetic plans of any size, and fill an updates file for one.

A synthetic plan at scale k has 6k priorities and 27k actions (the reference has 6 and 27). Each
priority copies the shape of a reference priority (title, lead agency, number of actions); each
action copies the shape of a randomly chosen reference action (how many objectives, outcomes,
resources and progress paragraphs, which objective lines are bullets, the word count of every
item) and fills it with sentences resampled from the same field of the whole reference, cut to
that word count. So text lengths follow the reference's distribution per field, ids are renumbered
("17.3"), and the result validates against action-plan/1. Same seed, same scale: same bytes.

    python bench/generate.py --scale 10 --seed 1 -o plan.json
    python bench/generate.py --updates-for plan.json --seed 1 -o q2.yaml
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from pipeline.plan.model import Plan, from_dict
from pipeline.plan.schema import plan_from_json, plan_to_json
from pipeline.updates.template import updates_template

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "stevenage-2014-15" / "gold-q1.json"

TEXT_FIELDS = ("objectives", "resources", "outcomes", "progress")
WHOLE_FIELDS = ("lead", "when_by")  # short labels: resampled whole, never recombined
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_BULLET = "• "


def load_reference() -> dict[str, Any]:
    """The reference monitor's gold plan, as committed with the tests."""
    return json.loads(GOLD.read_text("utf-8"))


class Pools:
    """Per field of the reference: its sentences (to recombine) and its items (to resample)."""

    def __init__(self, ref: dict[str, Any]) -> None:
        actions = [a for p in ref["priorities"] for a in p["actions"]]
        self.actions = actions
        self.sentences: dict[str, list[str]] = {}
        for name in TEXT_FIELDS:
            items = [_unbullet(x) for a in actions for x in a[name]]
            self.sentences[name] = [s for x in items for s in _SENTENCE_END.split(x) if s]
        indicators = [p["indicators"] for p in ref["priorities"] if p["indicators"]]
        self.sentences["indicators"] = [s for x in indicators for s in re.split(r"(?<=,)\s+", x)]
        self.statuses = [s for a in actions for s in a["status"]]
        self.whole = {name: [a[name] for a in actions] for name in WHOLE_FIELDS}


def generate_plan(ref: dict[str, Any], scale: int, seed: int) -> dict[str, Any]:
    """Return the action-plan/1 dict of a synthetic plan `scale` times the reference's size."""
    rng = random.Random(f"bench-plan-{seed}-{scale}")
    pools = Pools(ref)
    priorities = []
    for n in range(1, len(ref["priorities"]) * scale + 1):
        shape = ref["priorities"][(n - 1) % len(ref["priorities"])]
        priorities.append({
            "number": str(n),
            "title": shape["title"],
            "lead_agency": shape["lead_agency"],
            "indicators": _text(rng, pools, "indicators", shape["indicators"]) if shape["indicators"] else None,
            "actions": [_action(rng, pools, f"{n}.{j}") for j in range(1, len(shape["actions"]) + 1)],
        })
    plan = {key: ref[key] for key in ("format", "partnership", "title", "report", "preamble", "closing")}
    plan["priorities"] = priorities
    plan_to_json(from_dict(plan))  # validates against the schema, or raises
    return plan


def _action(rng: random.Random, pools: Pools, action_id: str) -> dict[str, Any]:
    shape = rng.choice(pools.actions)
    action: dict[str, Any] = {"id": action_id, "project_campaign": shape["project_campaign"]}
    for name in ("objectives", "lead", "when_by", "resources", "outcomes", "progress"):
        if name in WHOLE_FIELDS:
            action[name] = list(rng.choice(pools.whole[name]))
        else:
            action[name] = [_text(rng, pools, name, item) for item in shape[name]]
    action["status"] = [dict(rng.choice(pools.statuses)) for _ in action["outcomes"]]
    return action


def _text(rng: random.Random, pools: Pools, name: str, like: str) -> str:
    """Text of the same word count, bullet and final punctuation as `like`, from `name`'s sentences."""
    bullet = like.startswith(_BULLET)
    target = len(_unbullet(like).split())
    words: list[str] = []
    while len(words) < target:
        words += rng.choice(pools.sentences[name]).split()
    text = " ".join(words[:target]).rstrip(".,;:–- ")  # the schema's texts never end in a space
    end = like[-1] if like[-1] in ".:;," else ""
    text = (text[0].upper() + text[1:] + end) if text else like
    return _BULLET + text if bullet else text


def _unbullet(text: str) -> str:
    return text[len(_BULLET):] if text.startswith(_BULLET) else text


def fill_updates(plan: Plan, seed: int, ref: dict[str, Any] | None = None) -> str:
    """The next quarter's updates template for `plan`, filled in: new statuses and progress for all.

    Every action gets as many progress paragraphs as a random reference action had (lengths
    resampled as in `generate_plan`) and a fresh status per expected outcome.
    """
    rng = random.Random(f"bench-updates-{seed}-{len(plan.actions())}")
    pools = Pools(ref if ref is not None else load_reference())
    outcomes = {a.id: len(a.outcomes) for a in plan.actions()}
    quarter = plan.report.quarter % 4 + 1
    out: list[str] = []
    current = None
    for line in updates_template(plan, quarter).splitlines():
        match = re.fullmatch(r'  "([0-9]+\.[0-9]+)":', line)
        if match:
            current = match.group(1)
        if line == "    progress: |" and current:
            paragraphs = [_text(rng, pools, "progress", p) for p in rng.choice(pools.actions)["progress"] or ["x " * 40]]
            out.append("    progress:")
            out += [f"      - {json.dumps(p, ensure_ascii=False)}" for p in paragraphs]
            continue
        if line.startswith("    status: [") and current:
            words = [rng.choice(pools.statuses)["rag"] or "none" for _ in range(outcomes[current])]
            out.append(f"    status: [{', '.join(words)}]")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="multiple of the reference's 27 actions")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--updates-for", metavar="PLAN.json", help="write a filled updates file for this plan instead")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    if args.updates_for:
        plan = plan_from_json(Path(args.updates_for).read_text("utf-8"), args.updates_for)
        text = fill_updates(plan, args.seed)
    else:
        text = json.dumps(generate_plan(load_reference(), args.scale, args.seed), ensure_ascii=False, indent=2) + "\n"
    Path(args.output).write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
