#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Integration test: `specsim sweep --emit-slurm` against a real single-node Slurm on this
# machine (Debian's slurm-wlm + munge), started here in a temporary directory: submit the
# shard array and the merge job, wait, and check the merged result equals a local run.
# Skipped (exit 77) with the reason when it cannot run: not root, or the packages missing
# (.ci/run installs them).
# Usage: slurm_local.sh SPECSIM SOURCE_ROOT
set -uo pipefail
specsim=$1
root=$2
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged/slurmctld/slurmd"
for b in munged slurmctld slurmd sbatch squeue sinfo; do
    command -v "$b" >/dev/null || skip "$b not installed (apt-get install slurm-wlm munge)"
done

T=$(mktemp -d /tmp/specsim-slurm.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$T"/*.log; do echo "--- $f"; tail -20 "$f"; done; exit 1; }

# munge with its own key and socket.
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 status=none
chmod 600 "$T/munge.key"
munged --force --key-file="$T/munge.key" --socket="$T/munge.socket" --pid-file="$T/munged.pid" \
       --log-file="$T/munged.log" --seed-file="$T/munge.seed" || fail "munged did not start"
pids+=("$(cat "$T/munged.pid")")

host=$(hostname -s)
port=$((17000 + RANDOM % 2000))
mkdir -p "$T/state" "$T/spool"
cat > "$T/slurm.conf" <<CONF
ClusterName=specsim
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$T/slurm.conf
slurmctld -D -i > "$T/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D > "$T/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 0.2
done
sinfo -h -o %T 2>/dev/null | grep -q idle || fail "the Slurm node did not come up"

sweep=$root/tests/data/sweep_small.yaml
"$specsim" sweep "$sweep" --emit-slurm 2 --out "$T/sweep" > /dev/null || fail "emit-slurm failed"
jobs=$(bash "$T/sweep/slurm/submit.sh") || fail "submit failed"
echo "submitted: $jobs"
for _ in $(seq 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 0.2
done
[ -z "$(squeue -h 2>/dev/null)" ] || fail "jobs did not finish in 120 s"
[ -f "$T/sweep/merged.csv" ] || fail "the merge job wrote no merged.csv"

"$specsim" sweep "$sweep" -j 2 --out "$T/local" > /dev/null 2>&1 && "$specsim" sweep merge "$T/local" > /dev/null \
    || fail "local sweep failed"
cmp -s "$T/sweep/merged.csv" "$T/local/merged.csv" || fail "Slurm shards merged differ from a local run"
echo "ok: 2 shards on Slurm + merge job = local run ($(($(wc -l < "$T/sweep/merged.csv") - 1)) points)"
