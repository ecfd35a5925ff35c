# Recovery: `make run` starts the product on http://127.0.0.1:5080; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SOLUTION  := Recovery.sln
API       := backend/src/Recovery.Api
BENCH     := backend/bench/Recovery.Bench
SCENARIO  ?= all
SIZE      ?=

.PHONY: help restore frontend build run test test-backend test-frontend bench clean

help:
	@echo "make run     build everything and start API + SPA on http://127.0.0.1:5080 (SQLite under ./data)"
	@echo "make test    every test, backend (NUnit) and frontend (Vitest), with a total line"
	@echo "make bench   benchmarks: make bench SCENARIO=pipeline SIZE=20000"
	@echo "make clean   remove build output (not ./data)"

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

restore: frontend/node_modules/.installed
	dotnet restore $(SOLUTION) --verbosity quiet

frontend: frontend/node_modules/.installed
	cd frontend && npm run build --silent

build: restore frontend
	dotnet build $(SOLUTION) -c Release --no-restore --nologo --verbosity quiet

# ./data under the repository unless RECOVERY_DATA_DIR says otherwise (dotnet run starts in the project's folder).
run: build
	RECOVERY_DATA_DIR="$${RECOVERY_DATA_DIR:-$(CURDIR)/data}" dotnet run --project $(API) -c Release --no-build

test: restore
	bash scripts/test-all.sh

bench: restore
	dotnet build $(API) -c Release --no-restore --nologo --verbosity quiet
	dotnet run --project $(BENCH) -c Release -- $(SCENARIO) $(SIZE)

clean:
	dotnet clean $(SOLUTION) --verbosity quiet
	rm -rf $(API)/wwwroot artifacts
