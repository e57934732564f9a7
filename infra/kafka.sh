#!/usr/bin/env bash
# Apache Kafka, single-node KRaft, from Maven Central jars (no distribution tarball needed).
# Usage: infra/kafka.sh up|down|status
set -euo pipefail
COMPONENT=kafka
source "$(dirname "$0")/env.sh"
LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
KDIR="$VAR/kafka"
PIDFILE="$RUN/kafka.pid"
HOST=$(host_of "$ONEWINDOW_KAFKA_BOOTSTRAP")
PORT=$(port_of "$ONEWINDOW_KAFKA_BOOTSTRAP")
CONTROLLER_PORT=${ONEWINDOW_KAFKA_CONTROLLER_PORT:-9093}

install() {
  local want
  want=$(sha256sum "$ROOT/infra/kafka/pom.xml" | cut -d' ' -f1)
  [ -f "$LIBS/.complete" ] && [ "$(cat "$LIBS/.complete")" = "$want" ] && return 0
  command -v java >/dev/null || fail "no java on PATH" "install OpenJDK 17+ (apt-get install openjdk-17-jre-headless)"
  command -v mvn >/dev/null || fail "no mvn on PATH" "install Maven (apt-get install maven)"
  log "fetching kafka_2.13:$KAFKA_VERSION and dependencies from Maven Central"
  rm -rf "$LIBS"; mkdir -p "$LIBS"
  mvn -q -B -f "$ROOT/infra/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$LIBS" >"$LOGS/kafka-install.log" 2>&1 \
    || { rm -rf "$LIBS"; fail "mvn could not fetch the broker jars (see $LOGS/kafka-install.log)" "check that Maven Central is reachable, then run again"; }
  echo "$want" >"$LIBS/.complete"
}

configure() {
  mkdir -p "$KDIR/data" "$LOGS/kafka"
  sed -e "s#@HOST@#$HOST#g" -e "s#@PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
      -e "s#@DATA@#$KDIR/data#g" "$ROOT/infra/kafka/server.properties.in" >"$KDIR/server.properties"
  if [ ! -f "$KDIR/data/meta.properties" ]; then
    local cid
    cid=$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$LIBS/*" -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" -Dkafka.logs.dir="$LOGS/kafka" \
      kafka.tools.StorageTool format --standalone -t "$cid" -c "$KDIR/server.properties" >"$LOGS/kafka-format.log" 2>&1 \
      || fail "formatting KRaft storage failed (see $LOGS/kafka-format.log)" "remove $KDIR and run again"
  fi
}

ready() { "$PY" "$ROOT/infra/kafka_topics.py" --check >/dev/null 2>&1; }

start() {
  if pid_alive "$PIDFILE"; then log "already running on $ONEWINDOW_KAFKA_BOOTSTRAP"; return 0; fi
  if port_taken "$HOST" "$PORT"; then
    ready && { log "a broker already answers on $ONEWINDOW_KAFKA_BOOTSTRAP; using it"; return 0; }
    fail "port $PORT is taken by something that is not a Kafka broker" "free the port or set ONEWINDOW_KAFKA_BOOTSTRAP"
  fi
  port_taken "$HOST" "$CONTROLLER_PORT" && fail "controller port $CONTROLLER_PORT is taken" "free it or set ONEWINDOW_KAFKA_CONTROLLER_PORT"
  configure
  log "starting broker on $ONEWINDOW_KAFKA_BOOTSTRAP"
  # A small heap suits a 2-core, shared box; the page cache does the rest.
  setsid nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$ROOT/infra/kafka/log4j2.yaml" -Dkafka.logs.dir="$LOGS/kafka" \
    -cp "$LIBS/*" kafka.Kafka "$KDIR/server.properties" >"$LOGS/kafka.out" 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_until 90 "kafka ready" ready; then
    stop_pid "$PIDFILE"
    fail "broker did not answer within 90 s (see $LOGS/kafka.out and $LOGS/kafka/server.log)" "read the log; remove $KDIR if its storage is damaged"
  fi
}

case "${1:-}" in
  up)
    install; start
    "$PY" "$ROOT/infra/kafka_topics.py" --create || fail "creating topics failed" "see the message above"
    log "ready on $ONEWINDOW_KAFKA_BOOTSTRAP" ;;
  down)
    if pid_alive "$PIDFILE"; then stop_pid "$PIDFILE"; log "stopped"; else log "not started by us; left alone"; fi ;;
  status)
    if ready; then echo "kafka         up    $ONEWINDOW_KAFKA_BOOTSTRAP"; else echo "kafka         down"; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
