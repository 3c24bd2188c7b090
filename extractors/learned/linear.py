"""Linear models over sparse binary features, read from readable JSON (coefficients, not a pickle)."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path


class ModelFileError(Exception):
    """A model file is missing or not in the expected format."""


@dataclass
class LinearModel:
    """weights[feature] = one weight per class (a binary model has one class, "yes").

    A feature vector is a list of feature names, each present with value 1.
    """

    classes: list[str]
    intercept: list[float]
    weights: dict[str, list[float]]
    meta: dict = field(default_factory=dict)

    def scores(self, features: list[str]) -> list[float]:
        w = self.weights
        rows = [w[name] for name in set(features) if name in w]
        rows.append(self.intercept)
        return [sum(col) for col in zip(*rows)]

    def probabilities(self, features: list[str]) -> dict[str, float]:
        """Class probabilities (softmax; for a binary model the probability of "yes")."""
        s = self.scores(features)
        if len(s) == 1:
            return {self.classes[0]: 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, s[0]))))}
        top = max(s)
        e = [math.exp(x - top) for x in s]
        total = sum(e)
        return {c: x / total for c, x in zip(self.classes, e)}

    def as_dict(self) -> dict:
        return {"classes": self.classes, "intercept": self.intercept, "meta": self.meta,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, d: dict) -> "LinearModel":
        try:
            classes, intercept, weights = list(d["classes"]), [float(x) for x in d["intercept"]], d["weights"]
            if len(intercept) != len(classes) or any(len(v) != len(classes) for v in weights.values()):
                raise ValueError("every weight row needs one number per class")
            return cls(classes, intercept, {k: [float(x) for x in v] for k, v in weights.items()}, d.get("meta", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"not a linear model: {exc}") from None

    def save(self, path: str | Path) -> None:
        """Readable JSON: the meta indented, one line per feature."""
        d = self.as_dict()
        head = {k: d[k] for k in ("classes", "intercept", "meta")}
        rows = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in d["weights"].items())
        text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "weights": {\n' + rows + "\n }\n}\n"
        Path(path).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "LinearModel":
        try:
            return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelFileError(f"cannot read model {path}: {exc}") from None


@lru_cache(maxsize=4)
def packaged_model(name: str) -> LinearModel | None:
    """The model shipped in extractors/data/<name>.json, or None when it is not there."""
    ref = resources.files("extractors").joinpath(f"data/{name}.json")
    if not ref.is_file():
        return None
    return LinearModel.from_dict(json.loads(ref.read_text(encoding="utf-8")))
