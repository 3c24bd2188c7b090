# The two commands of the README. Each sets itself up: a .venv with the project and its dev extras.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test eval eval-heldout bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/danvan run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Extraction quality gate on the shared annotated passages. The floors of dev and dev2 come from grouped
# cross-validation by province (docs/extraction.md), not from the fit on the same passages.
eval: $(STAMP)
	$(BIN)/danvan evaluate $(SHARED)/corpus/dev_passages.jsonl --floors docs/eval_floors.json
	@if [ -f $(SHARED)/corpus/dev2_passages.jsonl ]; then \
	  $(BIN)/danvan evaluate $(SHARED)/corpus/dev2_passages.jsonl --floors docs/eval_floors_dev2.json; \
	else echo "no $(SHARED)/corpus/dev2_passages.jsonl: skipped"; fi
	$(BIN)/danvan evaluate $(SHARED)/corpus/seeds_gold.jsonl --floors docs/eval_floors_seeds.json

# The blind held-out passages shipped in the repository (tests/fixtures/heldout/NOTES.md): only scored.
eval-heldout: $(STAMP)
	$(BIN)/danvan evaluate tests/fixtures/heldout/holdout.jsonl --floors docs/eval_floors_heldout.json
	$(BIN)/danvan evaluate tests/fixtures/heldout2/set_b.jsonl --floors docs/eval_floors_heldout_b.json
	$(BIN)/danvan evaluate tests/fixtures/heldout3/set_f.jsonl --floors docs/eval_floors_heldout_f.json

bench: $(STAMP)
	$(BIN)/danvan bench extract

clean:
	rm -rf $(VENV) data/danvan.duckdb *.egg-info
