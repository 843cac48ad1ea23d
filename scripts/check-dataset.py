#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-dataset.py: an independent check of a "dealscape/1" dataset file
# (docs/dataset-format.md), so the bundled data can be verified without the C importer.
"""Usage: scripts/check-dataset.py [data/landscape.json ...]

Prints one line per problem as "json.path: message" and exits 1 when there is
any; prints a summary of counts and exits 0 otherwise. Warnings (sources that
nothing cites) do not fail the check."""

import calendar
import json
import math
import re
import sys

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

ENTITY_KINDS = {"company", "investor", "cloud", "chip", "datacenter", "model", "regulator"}
RELATION_KINDS = {"invests", "owns", "supplies", "hosts", "uses", "competes", "regulates", "partners"}
INSTRUMENTS = {"equity", "convertible_note", "safe", "compute_credits", "other",
               "compute_commitment", "warrant", "acquisition", "debt"}
STATUSES = {"closed", "announced", "negotiating", "rumored"}
CONFIDENCES = {"reported", "article", "unconfirmed", "assumption", "conflicting"}

TOP_KEYS = ["format", "sources", "entities", "relations", "deals", "metrics", "scenarios"]
KEY_ORDER = {
    "source": ["id", "title", "publisher", "date", "url"],
    "entity": ["id", "name", "kind", "parent", "description"],
    "relation": ["id", "kind", "from", "to", "date", "source", "confidence", "note"],
    "deal": ["id", "investor", "target", "date", "close_date", "amount_usd", "instrument",
             "status", "pre_money_usd", "post_money_usd", "cap_usd", "discount",
             "interest_rate", "tranche_of", "term_years", "power_gw", "chip_count", "chip",
             "note", "source", "confidence"],
    "metric": ["entity", "name", "date", "value", "unit", "source", "confidence"],
    "scenario": ["id", "name", "description", "base", "settings", "deals"],
}
REQUIRED = {
    "source": ["id", "title", "publisher", "date"],
    "entity": ["id", "name", "kind"],
    "relation": ["id", "kind", "from", "to", "source", "confidence"],
    "deal": ["id", "investor", "target", "date", "amount_usd", "instrument", "status",
             "source", "confidence"],
    "metric": ["entity", "name", "date", "value", "unit", "source", "confidence"],
    "scenario": ["id", "name", "description", "base", "settings", "deals"],
}

# assumption name -> (default or None for unset, check, range text)
ASSUMPTIONS = {
    "stake_threshold": (0.33, lambda x: 0 < x < 1, "0 < x < 1"),
    "mfu": (0.40, lambda x: 0 < x <= 1, "0 < x <= 1"),
    "training_days": (90, lambda x: 1 <= x <= 3650, "1..3650"),
    "usd_per_mwh": (80, lambda x: 0 <= x <= 10000, "0..10000"),
    "capex_usd_per_gw": (29e9, lambda x: 0 <= x <= 1e12, "0..1e12"),
    "revenue_growth": (3.0, lambda x: -0.99 <= x <= 100, "-0.99..100"),
    "revenue_growth_decay": (0.5, lambda x: 0 <= x <= 1, "0..1"),
    "valuation_multiple": (None, lambda x: 0 < x <= 1000, "0 < x <= 1000"),
    "note_discount": (0.20, lambda x: 0 <= x < 1, "0 <= x < 1"),
    "note_interest_rate": (0.0, lambda x: 0 <= x <= 1, "0..1"),
    "note_cap_usd": (None, lambda x: x > 0, "> 0"),
    "buildout_scale": (1.0, lambda x: 0 <= x <= 10, "0..10"),
    "buildout_delay_months": (0, lambda x: 0 <= x <= 240, "0..240"),
    "exercise_options": (1, lambda x: x in (0, 1), "0 or 1"),
    "watts_per_accelerator": (None, lambda x: 50 <= x <= 10000, "50..10000"),
}
DEAL_SETTING_FIELDS = {
    "amount_usd": "money", "pre_money_usd": "money", "post_money_usd": "money",
    "cap_usd": "money", "discount": "fraction", "interest_rate": "fraction",
    "date": "date", "close_date": "date", "status": "status", "instrument": "instrument",
}


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []
        self.kind_of = {}

    def err(self, path, msg):
        self.errors.append(f"{path}: {msg}")

    def date_ok(self, value):
        if not isinstance(value, str):
            return False
        m = DATE.match(value)
        if not m:
            return False
        year = int(m.group(1))
        if not 1900 <= year <= 2200:
            return False
        if m.group(2) is not None:
            month = int(m.group(2))
            if not 1 <= month <= 12:
                return False
            if m.group(3) is not None:
                day = int(m.group(3))
                if not 1 <= day <= calendar.monthrange(year, month)[1]:
                    return False
        return True

    @staticmethod
    def is_number(value):
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value))

    def check_keys(self, obj, what, path):
        if not isinstance(obj, dict):
            self.err(path, f"must be an object ({what})")
            return False
        order = KEY_ORDER[what]
        for key in obj:
            if key not in order:
                self.err(f"{path}.{key}", f"unknown field of a {what}")
        for key in REQUIRED[what]:
            if key not in obj:
                self.err(f"{path}.{key}", "is required")
        present = [k for k in obj if k in order]
        if present != sorted(present, key=order.index):
            self.warnings.append(f"{path}: fields not in canonical order ({', '.join(order)})")
        return True

    def check_str(self, obj, key, path, optional=False, slug=False):
        if key not in obj:
            return
        value = obj[key]
        if not isinstance(value, str) or not value:
            self.err(f"{path}.{key}", "must be a non-empty string")
        elif slug and not SLUG.match(value):
            self.err(f"{path}.{key}", "must be a slug: [a-z0-9][a-z0-9-]*")

    def check_date(self, obj, key, path):
        if key in obj and not self.date_ok(obj[key]):
            self.err(f"{path}.{key}", "must be a valid date YYYY, YYYY-MM or YYYY-MM-DD (years 1900..2200)")

    def check_enum(self, obj, key, path, allowed):
        if key in obj and obj[key] not in allowed:
            self.err(f"{path}.{key}", f"must be one of {', '.join(sorted(allowed))}")

    def check_ref(self, obj, key, path, table, what):
        if key in obj and obj[key] not in table:
            self.err(f"{path}.{key}", f"unknown {what} \"{obj[key]}\"")

    def collect_ids(self, items, name):
        ids = {}
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in ids:
                    self.err(f"{name}[{i}].id", f"duplicate id \"{item['id']}\" (first at {name}[{ids[item['id']]}])")
                else:
                    ids[item["id"]] = i
        return ids

    def check_deal(self, d, path, entities, sources, deals):
        if not self.check_keys(d, "deal", path):
            return
        self.check_str(d, "id", path, slug=True)
        self.check_ref(d, "investor", path, entities, "entity")
        self.check_ref(d, "target", path, entities, "entity")
        if d.get("investor") == d.get("target") and "investor" in d:
            self.err(f"{path}.target", "must differ from the investor")
        self.check_date(d, "date", path)
        self.check_date(d, "close_date", path)
        if self.date_ok(d.get("date")) and self.date_ok(d.get("close_date")):
            if date_key(d["close_date"]) < date_key(d["date"]):
                self.err(f"{path}.close_date", "must not be before date")
        if "amount_usd" in d and d["amount_usd"] is not None:
            if not self.is_number(d["amount_usd"]) or d["amount_usd"] < 0:
                self.err(f"{path}.amount_usd", "must be a non-negative number or null")
        for key in ("pre_money_usd", "post_money_usd", "cap_usd"):
            if key in d and (not self.is_number(d[key]) or d[key] <= 0):
                self.err(f"{path}.{key}", "must be a positive number")
        for key in ("discount", "interest_rate"):
            if key in d and (not self.is_number(d[key]) or not 0 <= d[key] <= 1):
                self.err(f"{path}.{key}", "must be a fraction between 0 and 1")
        if self.is_number(d.get("discount")) and d["discount"] == 1:
            self.err(f"{path}.discount", "a discount of 1 would convert at a price of zero")
        if self.is_number(d.get("pre_money_usd")) and self.is_number(d.get("post_money_usd")):
            if d["pre_money_usd"] > d["post_money_usd"]:
                self.err(f"{path}.pre_money_usd", "is larger than post_money_usd")
        if all(self.is_number(d.get(k)) for k in ("pre_money_usd", "post_money_usd", "amount_usd")):
            if abs(d["pre_money_usd"] + d["amount_usd"] - d["post_money_usd"]) > 1e-6 * d["post_money_usd"]:
                self.warnings.append(f"{path}: pre_money_usd + amount_usd != post_money_usd")
        if "term_years" in d and (not self.is_number(d["term_years"]) or d["term_years"] <= 0):
            self.err(f"{path}.term_years", "must be a number of years above 0")
        for key in ("power_gw", "chip_count"):
            if key in d and (not self.is_number(d[key]) or d[key] < 0):
                self.err(f"{path}.{key}", "must be a non-negative number")
        if self.is_number(d.get("chip_count")) and d["chip_count"] != int(d["chip_count"]):
            self.err(f"{path}.chip_count", "must be a whole number of chips")
        if "chip" in d and self.kind_of.get(d["chip"]) != "chip":
            self.err(f"{path}.chip", f"\"{d['chip']}\" is not an entity of kind chip")
        self.check_enum(d, "instrument", path, INSTRUMENTS)
        self.check_enum(d, "status", path, STATUSES)
        self.check_ref(d, "tranche_of", path, deals, "deal")
        if d.get("tranche_of") == d.get("id") and "tranche_of" in d:
            self.err(f"{path}.tranche_of", "a deal cannot be a tranche of itself")
        self.check_str(d, "note", path)
        self.check_ref(d, "source", path, sources, "source")
        self.check_enum(d, "confidence", path, CONFIDENCES)

    def check_setting(self, key, value, path, entities, deal_ids):
        parts = key.split(".")
        if parts[0] == "assumption" and len(parts) == 2:
            spec = ASSUMPTIONS.get(parts[1])
            if spec is None:
                self.err(path, f"unknown assumption; known: {', '.join(sorted(ASSUMPTIONS))}")
            elif not self.is_number(value) or not spec[1](value):
                self.err(path, f"must be a number in {spec[2]}")
        elif parts[0] == "deal" and len(parts) == 3:
            if parts[1] not in deal_ids:
                self.err(path, f"unknown deal \"{parts[1]}\"")
            kind = DEAL_SETTING_FIELDS.get(parts[2])
            if kind is None:
                self.err(path, f"unknown deal field; known: {', '.join(sorted(DEAL_SETTING_FIELDS))}")
            elif kind == "money" and (not self.is_number(value) or value < 0):
                self.err(path, "must be a non-negative number")
            elif kind == "fraction" and (not self.is_number(value) or not 0 <= value <= 1
                                         or (parts[2] == "discount" and value == 1)):
                self.err(path, "must be a fraction between 0 and 1")
            elif kind == "date" and not self.date_ok(value):
                self.err(path, "must be a valid date string")
            elif kind == "status" and value not in STATUSES:
                self.err(path, f"must be one of {', '.join(sorted(STATUSES))}")
            elif kind == "instrument" and value not in INSTRUMENTS:
                self.err(path, f"must be one of {', '.join(sorted(INSTRUMENTS))}")
        elif parts[0] == "metric" and len(parts) == 4:
            if parts[1] not in entities:
                self.err(path, f"unknown entity \"{parts[1]}\"")
            if not self.date_ok(parts[3]):
                self.err(path, "metric key must end in a valid date")
            if not self.is_number(value):
                self.err(path, "must be a finite number")
        else:
            self.err(path, "unknown setting key; expected assumption.<name>, deal.<id>.<field> or metric.<entity>.<name>.<date>")

    def run(self, doc):
        if not isinstance(doc, dict):
            self.err("$", "must be an object")
            return
        if list(doc.keys()) != TOP_KEYS:
            self.err("$", f"keys must be exactly, in order: {', '.join(TOP_KEYS)}")
        if doc.get("format") != "dealscape/1":
            self.err("format", "must be \"dealscape/1\"")
        for key in TOP_KEYS[1:]:
            if not isinstance(doc.get(key), list):
                self.err(key, "must be an array")
                doc[key] = []

        sources = self.collect_ids(doc["sources"], "sources")
        entities = self.collect_ids(doc["entities"], "entities")
        relations = self.collect_ids(doc["relations"], "relations")
        deals = self.collect_ids(doc["deals"], "deals")
        scenarios = self.collect_ids(doc["scenarios"], "scenarios")
        cited = set()

        for i, s in enumerate(doc["sources"]):
            p = f"sources[{i}]"
            if self.check_keys(s, "source", p):
                self.check_str(s, "id", p, slug=True)
                for k in ("title", "publisher"):
                    self.check_str(s, k, p)
                self.check_date(s, "date", p)
                if "url" in s and (not isinstance(s["url"], str) or not s["url"].startswith(("https://", "http://"))):
                    self.err(f"{p}.url", "must be an http(s) URL")

        for i, e in enumerate(doc["entities"]):
            p = f"entities[{i}]"
            if self.check_keys(e, "entity", p):
                self.check_str(e, "id", p, slug=True)
                self.check_str(e, "name", p)
                self.check_enum(e, "kind", p, ENTITY_KINDS)
                self.check_ref(e, "parent", p, entities, "entity")
                self.check_str(e, "description", p)
        # A parent chain must end: a cycle would hang tree layouts.
        parent = {e.get("id"): e.get("parent") for e in doc["entities"] if isinstance(e, dict)}
        for i, e in enumerate(doc["entities"]):
            seen, cur = set(), e.get("id") if isinstance(e, dict) else None
            while cur in parent and parent[cur] is not None:
                if cur in seen:
                    self.err(f"entities[{i}].parent", "parent chain forms a cycle")
                    break
                seen.add(cur)
                cur = parent[cur]

        kind_of = self.kind_of = {e["id"]: e.get("kind") for e in doc["entities"] if isinstance(e, dict) and "id" in e}
        chip_uses = {}
        for i, r in enumerate(doc["relations"]):
            p = f"relations[{i}]"
            if self.check_keys(r, "relation", p):
                self.check_str(r, "id", p, slug=True)
                self.check_enum(r, "kind", p, RELATION_KINDS)
                self.check_ref(r, "from", p, entities, "entity")
                self.check_ref(r, "to", p, entities, "entity")
                self.check_date(r, "date", p)
                self.check_ref(r, "source", p, sources, "source")
                self.check_enum(r, "confidence", p, CONFIDENCES)
                self.check_str(r, "note", p)
                cited.add(r.get("source"))
                if (r.get("kind") == "uses" and kind_of.get(r.get("from")) == "datacenter"
                        and kind_of.get(r.get("to")) == "chip"):
                    chip_uses.setdefault(r["from"], []).append(p)
        for dc, kind in kind_of.items():
            if kind == "datacenter" and len(chip_uses.get(dc, [])) > 1:
                self.err("relations", f"datacenter \"{dc}\" needs at most one `uses` relation to a chip, has {len(chip_uses.get(dc, []))}")

        for i, d in enumerate(doc["deals"]):
            self.check_deal(d, f"deals[{i}]", entities, sources, deals)
            if isinstance(d, dict):
                cited.add(d.get("source"))

        seen_metrics = {}
        for i, m in enumerate(doc["metrics"]):
            p = f"metrics[{i}]"
            if self.check_keys(m, "metric", p):
                self.check_ref(m, "entity", p, entities, "entity")
                self.check_str(m, "name", p)
                self.check_date(m, "date", p)
                if not self.is_number(m.get("value")):
                    self.err(f"{p}.value", "must be a finite number")
                elif m.get("unit") == "fraction" and m.get("name", "").startswith("stake") and not 0 <= m["value"] <= 1:
                    self.err(f"{p}.value", "a stake must be a fraction between 0 and 1")
                elif m.get("unit") in ("usd", "count", "w", "gw", "gb", "tflops") and m["value"] < 0:
                    self.err(f"{p}.value", "must be non-negative")
                self.check_str(m, "unit", p)
                self.check_ref(m, "source", p, sources, "source")
                self.check_enum(m, "confidence", p, CONFIDENCES)
                cited.add(m.get("source"))
                key = (m.get("entity"), m.get("name"), m.get("date"))
                if key in seen_metrics:
                    self.err(p, f"duplicate metric (entity, name, date) of {seen_metrics[key]}")
                seen_metrics[key] = p

        all_deal_ids = dict(deals)
        for j, sc in enumerate(doc["scenarios"]):
            for k, d in enumerate(sc.get("deals", []) if isinstance(sc, dict) else []):
                if isinstance(d, dict) and isinstance(d.get("id"), str):
                    if d["id"] in all_deal_ids:
                        self.err(f"scenarios[{j}].deals[{k}].id", f"duplicate deal id \"{d['id']}\"")
                    all_deal_ids[d["id"]] = k
        for j, sc in enumerate(doc["scenarios"]):
            p = f"scenarios[{j}]"
            if not self.check_keys(sc, "scenario", p):
                continue
            self.check_str(sc, "id", p, slug=True)
            self.check_str(sc, "name", p)
            self.check_str(sc, "description", p)
            if sc.get("base") is not None:
                self.check_ref(sc, "base", p, scenarios, "scenario")
                if sc.get("base") == sc.get("id"):
                    self.err(f"{p}.base", "a scenario cannot build on itself")
            settings = sc.get("settings")
            if not isinstance(settings, dict):
                self.err(f"{p}.settings", "must be an object")
            else:
                keys = list(settings)
                if keys != sorted(keys, key=lambda s: s.encode()):
                    self.err(f"{p}.settings", "keys must be sorted ascending")
                # The importer resolves deal keys against the landscape and this
                # scenario's own deals only, not those of its bases.
                own = {d.get("id") for d in sc.get("deals", []) if isinstance(d, dict)}
                for key, value in settings.items():
                    self.check_setting(key, value, f"{p}.settings[\"{key}\"]", entities, {**deals, **{i: 0 for i in own}})
            # A scenario deal may be a tranche of a landscape deal only.
            for k, d in enumerate(sc.get("deals", [])):
                self.check_deal(d, f"{p}.deals[{k}]", entities, sources, deals)
                if isinstance(d, dict):
                    cited.add(d.get("source"))
        # base chains must end
        base = {s.get("id"): s.get("base") for s in doc["scenarios"] if isinstance(s, dict)}
        for sid in base:
            seen, cur = set(), sid
            while base.get(cur) is not None:
                if cur in seen:
                    self.err("scenarios", f"scenario \"{sid}\": base chain forms a cycle")
                    break
                seen.add(cur)
                cur = base[cur]

        for sid in sources:
            if sid not in cited:
                self.warnings.append(f"sources: \"{sid}\" is cited by no record (only by text)")


def date_key(text):
    parts = [int(x) for x in text.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def main(argv):
    paths = argv[1:] or ["data/landscape.json"]
    failed = False
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f, object_pairs_hook=dict)
        except (OSError, ValueError) as e:
            print(f"{path}: {e}")
            failed = True
            continue
        c = Checker()
        c.run(doc)
        for line in c.errors:
            print(f"{path}: {line}")
        for line in c.warnings:
            print(f"{path}: warning: {line}")
        if c.errors:
            failed = True
            print(f"{path}: {len(c.errors)} error(s)")
        else:
            counts = ", ".join(f"{len(doc[k])} {k}" for k in TOP_KEYS[1:])
            n_settings = sum(len(s["settings"]) for s in doc["scenarios"])
            n_sdeals = sum(len(s["deals"]) for s in doc["scenarios"])
            print(f"{path}: ok: {counts} ({n_settings} scenario settings, {n_sdeals} scenario deals)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
