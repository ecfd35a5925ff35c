# Recovery: `make run` starts the product on http://127.0.0.1:5080; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SOLUTION  := Recovery.sln
API       := backend/src/Recovery.Api
BENCH     := backend/bench/Recovery.Bench
SCENARIO  ?= all
SIZE      ?=

.PHONY: help restore frontend build run test test-backend test-frontend bench clean backup restore-backup

help:
	@echo "make run     build everything and start API + SPA on http://127.0.0.1:5080 (SQLite under ./data)"
	@echo "make test    every test, backend (NUnit) and frontend (Vitest), with a total line"
	@echo "make bench   benchmarks: make bench SCENARIO=pipeline SIZE=20000"
	@echo "make backup DIR=/backups     an online backup of ./data into a new folder under DIR (while running)"
	@echo "make restore FROM=/backups/recovery-...  restore a backup into ./data (stopped; FORCE=1 to replace)"
	@echo "make clean   remove build output (not ./data)"

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# `make restore FROM=<backup>` restores a backup (see restore-backup below); plain `make restore` restores packages.
ifdef FROM
restore: restore-backup
else
restore: frontend/node_modules/.installed
	dotnet restore $(SOLUTION) --verbosity quiet
endif

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

# Backups (docs/operations.md): the product's own commands, on the data directory `make run` uses.
backup:
	@test -n "$(DIR)" || { echo "usage: make backup DIR=/path/to/backups"; exit 2; }
	RECOVERY_DATA_DIR="$${RECOVERY_DATA_DIR:-$(CURDIR)/data}" dotnet run --project $(API) -c Release -- backup "$(abspath $(DIR))"

restore-backup:
	@test -n "$(FROM)" || { echo "usage: make restore FROM=/path/to/backups/recovery-... [FORCE=1]"; exit 2; }
	RECOVERY_DATA_DIR="$${RECOVERY_DATA_DIR:-$(CURDIR)/data}" dotnet run --project $(API) -c Release -- restore "$(abspath $(FROM))" $(if $(FORCE),--force)

clean:
	dotnet clean $(SOLUTION) --verbosity quiet
	rm -rf $(API)/wwwroot artifacts
