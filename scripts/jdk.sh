# Sourced by ./shmc and ./run-tests: finds a JDK >= 25 and exports JAVA_HOME and SHMC_JAVA.
# Order: $JAVA_HOME if it is >= 25, otherwise the newest JDK >= 25 under /usr/lib/jvm.

shmc_java_major() {  # prints the feature version of the java binary $1, or nothing
  local v="" line home=${1%/bin/java}
  # The JDK's release file names its version: reading it in the shell is instant (no process per
  # JDK), starting java is not (a tenth of a second per JDK, on every launch).
  if [ -r "$home/release" ]; then
    while IFS= read -r line; do
      case "$line" in JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;; esac
    done <"$home/release"
  fi
  if [ -z "$v" ]; then
    v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%[!0-9]*}
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
}

shmc_find_jdk() {
  local need=25 best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(shmc_java_major "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then
      SHMC_JAVA="$JAVA_HOME/bin/java"; export JAVA_HOME SHMC_JAVA; return 0
    fi
  fi
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(shmc_java_major "$d/bin/java")
    if [ -n "$v" ] && [ "$v" -ge "$need" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "shmc: needs a JDK 25 or newer (none in \$JAVA_HOME or /usr/lib/jvm); install one, e.g. 'apt-get install temurin-25-jdk', or set JAVA_HOME" >&2
    return 2
  fi
  JAVA_HOME="$best"; SHMC_JAVA="$best/bin/java"; export JAVA_HOME SHMC_JAVA
}
