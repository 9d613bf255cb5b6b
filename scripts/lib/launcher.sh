# The launcher's body, shared by scripts/helpdesk and the launcher that scripts/install writes
# (it copies this file into PREFIX/bin/helpdesk). POSIX sh and shell builtins only, so it runs
# under cron's and systemd's bare environment, and even with a PATH that has no java on it.
#
# Java: $JAVA_HOME if set (refused, not skipped, if older than 17: it was chosen on purpose), else
# `java` on PATH, else the usual install locations. JVM options: the defaults below, then
# $HELPDESK_JAVA_OPTS (split at spaces; the last one wins, so HELPDESK_JAVA_OPTS=-Xmx512m raises the heap;
# a collector named there, say -XX:+UseG1GC, replaces the default one, and a compiler named there, say
# -XX:TieredStopAtLevel=4, the default single compiler thread).
#
# Class data sharing: the first `fetch` (a cron tick, normally) lists the classes it loaded, and the JVM then
# dumps them into an archive under $XDG_CACHE_HOME/helpdesk (default ~/.cache/helpdesk); every later run maps
# it instead of loading and verifying those classes again. Made again when the jar or the JVM is newer than
# it; skipped where that directory cannot be written. HELPDESK_CDS=off turns it off.
#   helpdesk_run JAR ARGS...

HELPDESK_MIN_JAVA=17
# A run lives seconds, on machines with two cores: measured with scripts/bench, C2's compilations took
# 4.4 s of CPU in a 5 s drain of 10,000 messages, more than its faster code saved, so only C1 compiles
# (TieredStopAtLevel=1), in one thread: a tick compiles about 800 methods, and a second compiler thread on the
# second core slowed the tick's own thread more than it helped (tick 0.42 -> 0.395 s, 30 interleaved; a drain of
# 10,000 the same, 3.58 vs 3.59 s). The serial collector has the smallest footprint and start-up. 128 MB holds any
# message (large ones are spooled to disk and parsed as a stream: scripts/bench --big 50).
HELPDESK_DEFAULT_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"

# Sets _ht_opt to -XX:+UseTransparentHugePages when the kernel's setting ($1, normally
# /sys/kernel/mm/transparent_hugepage/enabled) offers transparent huge pages to a program that asks, else to nothing.
# A run touches tens of megabytes of fresh heap, and each 4 KB page of it cost a page fault; in 2 MB pages a tick took
# 0.505 s instead of 0.545 s (20 interleaved) and a drain of 10,000 8 % less CPU, for a peak RSS 3 MB (a drain) to
# 7 MB (a tick) higher. Not asked where the kernel says "never": the JVM would then print a warning on stdout, where
# a command's output goes.
helpdesk_thp_option() {
  _ht_opt=""
  _ht_mode=""
  [ -r "$1" ] && { IFS= read -r _ht_mode < "$1" || :; } 2>/dev/null
  case "$_ht_mode" in
    *"[always]"* | *"[madvise]"*) _ht_opt="-XX:+UseTransparentHugePages" ;;
  esac
}

# Prints "helpdesk: " and the first line, then the other lines as they are, and exits 127 (the
# shell's "command not found": what is missing is a command, java).
helpdesk_fail() {
  printf 'helpdesk: %s\n' "$1" >&2
  shift
  printf '%s\n' "$@" >&2
  exit 127
}

# Sets _hj_major to the major version (8 for 1.8.0_392, 17 for 17.0.15) of the java binary $1, or to nothing,
# and _hj_resolved to $1 with its links resolved. Sets variables instead of printing: a command substitution
# costs a fork, and a tick is short (no fork here but readlink's, and java's own only without a release file).
helpdesk_java_major() {
  _hj_version=""
  _hj_resolved="$1"
  # The release file of the JDK answers without starting a JVM (resolve /usr/bin/java to find it).
  if command -v readlink >/dev/null 2>&1; then
    _hj_resolved="$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")"
  fi
  _hj_home="${_hj_resolved%/bin/java}"
  if [ "$_hj_home" != "$_hj_resolved" ] && [ -f "$_hj_home/release" ]; then
    while IFS= read -r _hj_line || [ -n "$_hj_line" ]; do
      case "$_hj_line" in
        JAVA_VERSION=*) _hj_version="${_hj_line#JAVA_VERSION=}"; _hj_version="${_hj_version#\"}" ;;
      esac
    done < "$_hj_home/release"
  fi
  if [ -z "$_hj_version" ]; then
    _hj_out="$("$1" -version 2>&1)" || true
    case "$_hj_out" in
      *'version "'*) _hj_version="${_hj_out#*version \"}" ;;
    esac
  fi
  _hj_version="${_hj_version%%\"*}"
  case "$_hj_version" in
    1.*) _hj_version="${_hj_version#1.}" ;;
  esac
  _hj_major="${_hj_version%%[!0-9]*}"
}

# Sets _hp_java to the first executable java in a directory of PATH, or to nothing: `command -v` without the
# fork of a command substitution.
helpdesk_java_on_path() {
  _hp_java=""
  _hp_ifs="$IFS"
  IFS=:
  for _hp_dir in ${PATH:-}; do
    if [ -f "${_hp_dir:-.}/java" ] && [ -x "${_hp_dir:-.}/java" ]; then
      _hp_java="${_hp_dir:-.}/java"
      break
    fi
  done
  IFS="$_hp_ifs"
}

# Sets _hn_name to $1 with every character but A-Za-z0-9._- replaced by _ (as tr -c would, without its fork).
helpdesk_file_name() {
  _hn_in="$1"
  _hn_name=""
  while [ -n "$_hn_in" ]; do
    _hn_rest="${_hn_in#?}"
    _hn_char="${_hn_in%"$_hn_rest"}"
    _hn_in="$_hn_rest"
    case "$_hn_char" in
      [A-Za-z0-9._-]) _hn_name="$_hn_name$_hn_char" ;;
      *) _hn_name="${_hn_name}_" ;;
    esac
  done
}

# Sets HELPDESK_JAVA to a java binary of version 17 or newer, or exits 127 saying what it looked at.
helpdesk_find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    if [ ! -x "$JAVA_HOME/bin/java" ]; then
      helpdesk_fail "JAVA_HOME is $JAVA_HOME, but there is no $JAVA_HOME/bin/java." \
        "Fix: set JAVA_HOME to a Java $HELPDESK_MIN_JAVA or newer (for example /usr/lib/jvm/java-17-openjdk-amd64), or unset it to let helpdesk search PATH and /usr/lib/jvm."
    fi
    helpdesk_java_major "$JAVA_HOME/bin/java"
    _hf_major="$_hj_major"
    if [ "${_hf_major:-0}" -lt "$HELPDESK_MIN_JAVA" ]; then
      helpdesk_fail "JAVA_HOME is $JAVA_HOME, which is Java ${_hf_major:-of an unknown version}; helpdesk needs Java $HELPDESK_MIN_JAVA or newer." \
        "Fix: set JAVA_HOME to a Java $HELPDESK_MIN_JAVA or newer (for example /usr/lib/jvm/java-17-openjdk-amd64), or unset it to let helpdesk search PATH and /usr/lib/jvm."
    fi
    HELPDESK_JAVA="$JAVA_HOME/bin/java"
    HELPDESK_JAVA_RESOLVED="$_hj_resolved"
    return 0
  fi
  helpdesk_java_on_path
  _hf_on_path="$_hp_java"
  _hf_looked=""
  for _hf_java in $_hf_on_path /usr/lib/jvm/*/bin/java /usr/local/lib/jvm/*/bin/java /usr/java/*/bin/java \
      /opt/java/*/bin/java /opt/jdk*/bin/java; do
    [ -x "$_hf_java" ] || continue
    helpdesk_java_major "$_hf_java"
    _hf_major="$_hj_major"
    if [ "${_hf_major:-0}" -ge "$HELPDESK_MIN_JAVA" ]; then
      HELPDESK_JAVA="$_hf_java"
      HELPDESK_JAVA_RESOLVED="$_hj_resolved"
      return 0
    fi
    _hf_looked="$_hf_looked  too old: $_hf_java is Java ${_hf_major:-of an unknown version}
"
  done
  helpdesk_fail "found no Java $HELPDESK_MIN_JAVA or newer. Looked at:" \
    "  JAVA_HOME: not set" \
    "  java on PATH ($PATH): ${_hf_on_path:-none}" \
    "  /usr/lib/jvm/*, /usr/local/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/jdk*" \
    "${_hf_looked}Fix: install one (Debian: apt-get install openjdk-17-jre-headless), or set JAVA_HOME to one in the" \
    "environment that runs helpdesk (crontab: a JAVA_HOME=... line; systemd: Environment=JAVA_HOME=...)."
}

# Sets HELPDESK_CDS_ARCHIVE to the class-data archive for JAR and HELPDESK_CDS_STALE to yes when it has to
# be made (missing, or older than the jar or the JVM); both empty when class data sharing is off or the
# cache directory cannot be written.
helpdesk_cds_archive() {
  HELPDESK_CDS_ARCHIVE=""
  HELPDESK_CDS_STALE=""
  [ "${HELPDESK_CDS:-on}" != off ] || return 0
  # Not builtins: without them (a bare PATH) the run simply goes without the archive.
  for _hc_tool in mkdir mv rm; do
    command -v "$_hc_tool" >/dev/null 2>&1 || return 0
  done
  if [ -n "${XDG_CACHE_HOME:-}" ]; then
    _hc_dir="$XDG_CACHE_HOME/helpdesk"
  elif [ -n "${HOME:-}" ] && [ "$HOME" != / ]; then
    _hc_dir="$HOME/.cache/helpdesk"
  else
    return 0
  fi
  case "$_hc_dir" in /*) ;; *) return 0 ;; esac
  { [ -d "$_hc_dir" ] || mkdir -p "$_hc_dir" 2>/dev/null; } && [ -w "$_hc_dir" ] || return 0
  # One archive per jar location; the JVM itself refuses an archive made for another jar or JVM.
  _hc_jvm="${HELPDESK_JAVA_RESOLVED:-$HELPDESK_JAVA}"
  # Named after the jar and the JVM: another JAVA_HOME gets an archive of its own instead of one it refuses.
  helpdesk_file_name "$1-$_hc_jvm"
  HELPDESK_CDS_ARCHIVE="$_hc_dir/${_hn_name}.jsa"
  _hc_libjvm="${_hc_jvm%/bin/java}/lib/server/libjvm.so"
  if ! helpdesk_current "$HELPDESK_CDS_ARCHIVE" "$1" "$_hc_libjvm"; then
    HELPDESK_CDS_STALE=yes
    # A dump that failed for this jar and JVM is not tried again at every tick (it costs seconds of CPU): the run
    # goes without an archive until the jar or the JVM changes, or someone deletes the .failed file.
    if helpdesk_current "$HELPDESK_CDS_ARCHIVE.failed" "$1" "$_hc_libjvm"; then
      HELPDESK_CDS_ARCHIVE=""
      HELPDESK_CDS_STALE=""
    fi
  fi
}

# Whether FILE ($1) exists and is not older than the jar ($2) nor than the JVM's library ($3, where it exists).
helpdesk_current() {
  [ -f "$1" ] && ! [ "$2" -nt "$1" ] && ! { [ -f "$3" ] && [ "$3" -nt "$1" ]; }
}

helpdesk_run() {
  _hr_jar="$1"
  shift
  helpdesk_find_java
  helpdesk_cds_archive "$_hr_jar"
  # HELPDESK_JAVA_OPTS is split at spaces on purpose; no file-name globbing of its words.
  set -f
  helpdesk_thp_option /sys/kernel/mm/transparent_hugepage/enabled
  # Defaults that HELPDESK_JAVA_OPTS replaces rather than overrides, because the JVM would refuse the pair: a
  # collector chosen there replaces the serial one (the JVM refuses two), and a compiler chosen there (C2 again, say)
  # gets the JVM's own number of compiler threads (it refuses one thread for C1 and C2 together).
  _hr_replaced=""
  for _hr_opt in ${HELPDESK_JAVA_OPTS:-}; do
    case "$_hr_opt" in
      -XX:+Use*GC) _hr_replaced="$_hr_replaced -XX:+UseSerialGC" ;;
      -XX:TieredStopAtLevel=* | -XX:[+-]TieredCompilation | -XX:CompilationMode=*)
        _hr_replaced="$_hr_replaced -XX:CICompilerCount=1" ;;
    esac
  done
  _hr_defaults=""
  for _hr_default in $HELPDESK_DEFAULT_JAVA_OPTS $_ht_opt; do
    case "$_hr_replaced " in
      *" $_hr_default "*) ;;
      *) _hr_defaults="$_hr_defaults $_hr_default" ;;
    esac
  done
  # Recorded by a fetch that drains (the classes of a help text or a dry run would make a poor archive).
  _hr_fetch=""
  for _hr_arg in "$@"; do
    case "$_hr_arg" in
      fetch) _hr_fetch=yes ;;
      -h | --help | -V | --version | --dry-run) _hr_fetch=""; break ;;
    esac
  done
  if [ -n "$HELPDESK_CDS_ARCHIVE" ] && [ -z "$HELPDESK_CDS_STALE" ] \
      && { [ -z "$_hr_fetch" ] || ! [ -f "$HELPDESK_CDS_ARCHIVE.provisional" ]; }; then
    # shellcheck disable=SC2086
    exec "$HELPDESK_JAVA" $_hr_defaults -XX:SharedArchiveFile="$HELPDESK_CDS_ARCHIVE" \
      ${HELPDESK_JAVA_OPTS:-} -jar "$_hr_jar" "$@"
  fi
  if [ -n "$HELPDESK_CDS_ARCHIVE" ] && [ -n "$_hr_fetch" ]; then
    # This fetch lists the classes it loads; once it has ended, the JVM dumps those classes, the JDK's and the
    # jar's, into an archive of this run's own (about 3 s, once per jar), renamed into place only when whole, so a
    # run starting meanwhile never maps half an archive. A static archive, not one recorded at exit: only a static
    # one holds picocli's classes (compiled for Java 5), which a tick then maps in 80 ms less. Not exec: the dump
    # and the rename come after the JVM, and the fetch's exit code is the launcher's.
    # A fetch that did not drain its mailboxes (a config error, a server down) loads fewer classes, and every tick
    # mapping its archive took up to 50 ms longer: that archive is provisional. The runs after it map it and list
    # their classes too, and the first fetch that drains (0, or 65 or 76: drained, with something to look at)
    # makes it again, once.
    _hr_part="$HELPDESK_CDS_ARCHIVE.$$.part"
    _hr_mapped=""
    [ -n "$HELPDESK_CDS_STALE" ] || _hr_mapped="-XX:SharedArchiveFile=$HELPDESK_CDS_ARCHIVE"
    _hr_code=0
    # shellcheck disable=SC2086
    "$HELPDESK_JAVA" $_hr_defaults $_hr_mapped -XX:DumpLoadedClassList="$_hr_part.classes" \
      ${HELPDESK_JAVA_OPTS:-} -jar "$_hr_jar" "$@" || _hr_code=$?
    case "$_hr_code" in
      0 | 65 | 76) _hr_drained=yes ;;
      *) _hr_drained="" ;;
    esac
    if [ -s "$_hr_part.classes" ] && { [ -z "$_hr_mapped" ] || [ -n "$_hr_drained" ]; }; then
      # shellcheck disable=SC2086
      "$HELPDESK_JAVA" $_hr_defaults ${HELPDESK_JAVA_OPTS:-} -Xshare:dump \
        -XX:SharedClassListFile="$_hr_part.classes" -XX:SharedArchiveFile="$_hr_part" -cp "$_hr_jar" \
        >/dev/null 2>&1 || rm -f "$_hr_part"
      if [ -s "$_hr_part" ] && mv -f "$_hr_part" "$HELPDESK_CDS_ARCHIVE" 2>/dev/null; then
        rm -f "$HELPDESK_CDS_ARCHIVE.failed"
        if [ -n "$_hr_drained" ]; then
          rm -f "$HELPDESK_CDS_ARCHIVE.provisional"
        else
          { true > "$HELPDESK_CDS_ARCHIVE.provisional"; } 2>/dev/null || :
        fi
      elif [ -n "$_hr_mapped" ]; then
        rm -f "$_hr_part" "$HELPDESK_CDS_ARCHIVE.provisional" # the provisional one stays, and is not made again
      else
        rm -f "$_hr_part"
        { true > "$HELPDESK_CDS_ARCHIVE.failed"; } 2>/dev/null || : # a list, but no archive made of it
      fi
    fi
    rm -f "$_hr_part.classes"
    exit "$_hr_code"
  fi
  # shellcheck disable=SC2086
  exec "$HELPDESK_JAVA" $_hr_defaults ${HELPDESK_JAVA_OPTS:-} -jar "$_hr_jar" "$@"
}
