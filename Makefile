# gisgrid — two commands do all the set-up on a fresh Debian machine:
#   make run    creates .venv, installs, builds the sample township if missing, opens the app
#   make test   creates .venv, installs with test extras, runs the whole suite headless
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
SAMPLE := sample_data/sample_town.gpkg

# Debian packages Qt, QtWebEngine, Chinese fonts and the visual checks need.
DEB_PACKAGES := fonts-noto-cjk libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libnss3 \
	libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 \
	libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2 poppler-utils xvfb xauth chromium

.PHONY: run screenshot test lint bench bench-quick sample system-deps clean fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[test]"
	touch $@

# Installs missing Debian packages when run as root; otherwise only reports what is missing.
system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "warning: missing Debian packages (install as root):$$missing"; fi

$(SAMPLE): | $(VENV)/.installed
	$(VENV)/bin/gisgrid sample $(SAMPLE) --seed 1

sample: $(SAMPLE)

# With no screen (a server, a container), the app runs on a virtual screen, and says so.
run: system-deps $(VENV)/.installed $(SAMPLE)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || ! command -v xvfb-run >/dev/null; then \
		$(VENV)/bin/gisgrid-app $(SAMPLE); \
	else \
		echo "No screen found: starting gisgrid on a virtual screen (xvfb-run)."; \
		echo "Run 'make run' in a desktop session to see it; 'make screenshot' saves a picture."; \
		xvfb-run -a -s "-screen 0 1440x900x24" $(VENV)/bin/gisgrid-app $(SAMPLE); \
	fi

screenshot: system-deps $(VENV)/.installed $(SAMPLE)
	$(VENV)/bin/gisgrid-app $(SAMPLE) --screenshot gisgrid-window.png
	@echo "wrote gisgrid-window.png"

test: system-deps $(VENV)/.installed
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Speed figures, ratios and peak memory against plain geopandas, esda, spopt and PostGIS at
# town, county and city scale; writes bench/results.md (takes 30-40 min; not run in CI).
COUNTY := bench/out/sample_county.gpkg
bench: $(VENV)/.installed
	$(PIP) install -q -e ".[test,bench]"
	@mkdir -p bench/out; mv -f bench/out/results.jsonl bench/out/results.prev.jsonl 2>/dev/null || true
	$(PY) bench/bench_import.py
	$(PY) bench/bench_validate.py
	$(PY) bench/bench_assign.py --scale town
	$(PY) bench/bench_assign.py
	$(PY) bench/bench_plan.py
	$(PY) bench/bench_hotspots.py
	$(PY) bench/bench_report.py
	$(PY) bench/bench_report.py --project $(COUNTY) --scale county
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_canvas.py --county $(COUNTY) --app
	$(PY) bench/bench_city.py
	@if [ -f bench/bench_postgis.py ]; then $(PY) bench/bench_postgis.py; fi
	$(PY) bench/write_results.py

# Under a minute: small sizes, own results file (bench/out/results-quick.md); results.md untouched.
bench-quick: export GISGRID_BENCH_RESULTS = bench/out/results-quick.jsonl
bench-quick: $(VENV)/.installed
	$(PIP) install -q -e ".[test,bench]"
	@mkdir -p bench/out; rm -f $$GISGRID_BENCH_RESULTS
	$(PY) bench/bench_import.py --scale town
	$(PY) bench/bench_validate.py --scale town
	$(PY) bench/bench_assign.py --scale town
	$(PY) bench/bench_hotspots.py --scale town
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_canvas.py --towns 2
	$(PY) bench/bench_city.py --records 100000 --skip html --skip hotspots
	$(PY) bench/write_results.py --output bench/out/results-quick.md

# Bad-input fuzzing (issue 9): the corpus through the importers, then atheris per target.
FUZZ_SECONDS ?= 120
FUZZ_OUT     := fuzz/out
fuzz: $(VENV)/.installed
	$(PIP) install -q -e ".[test,fuzz]"
	rm -rf $(FUZZ_OUT)/corpus && $(PY) fuzz/corpus.py $(FUZZ_OUT)/corpus
	-$(PY) fuzz/runner.py $(FUZZ_OUT)/corpus --out $(FUZZ_OUT)/runner.json
	$(PY) fuzz/fuzz_importers.py --all $(FUZZ_SECONDS) --corpus $(FUZZ_OUT)/corpus --runner $(FUZZ_OUT)/runner.json
	$(PY) tests/_support/crash_driver.py --kills 2000  # SIGKILL mid-save: old or new state, never broken
	$(PY) tests/_support/shapes_harness.py --failures-only  # every command on every project shape
	GISGRID_APP_SHAPES=full QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/ui/test_project_shapes_app.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
