#!/usr/bin/env bash
# Postfix for the live-mode integration tests (test/integration/, `npm run test:integration`).
#   bash .ci/postfix-setup.sh install
#       Debian's postfix package, preseeded "Local only" (no systemd here: nothing is started).
#   bash .ci/postfix-setup.sh start DIR INJECT_PORT NEXTHOP_PORT BIND_ADDRESS [MIN_BACKOFF MAX_BACKOFF QUEUE_RUN_DELAY]
#       A private Postfix instance in DIR (its own config, queue and log: DIR/maillog), loopback only:
#       smtpd on 127.0.0.1:INJECT_PORT accepts mail from 127.0.0.0/8, transport_maps send the Microsoft
#       domains (hotmail.com, outlook.com, live.com, msn.com) to [127.0.0.1]:NEXTHOP_PORT from
#       BIND_ADDRESS, everything else goes to error: (nothing leaves), DNS is off, timers compressed
#       (defaults 10s / 60s / 10s; Postfix's floor is 1s). Fails if the log shows fatal or panic.
#   bash .ci/postfix-setup.sh stop DIR
set -euo pipefail

cmd=${1:-install}
case "$cmd" in
install)
  if ! command -v postconf >/dev/null 2>&1; then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
  fi
  postconf -h mail_version
  ;;
start)
  dir=$2 inject=$3 nexthop=$4 bind=$5 minb=${6:-10s} maxb=${7:-60s} qrd=${8:-10s}
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data"
  chmod 755 "$dir" # Postfix's daemons run as postfix and must reach the queue
  chown postfix "$dir/data"
  touch "$dir/maillog" && chown postfix "$dir/maillog" # a root-owned maillog_file breaks postsuper later
  dest="smtp:[127.0.0.1]:$nexthop"
  cat >"$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix-under-test.invalid
mydomain = invalid
myorigin = \$myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
relay_domains =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
transport_maps = inline:{ hotmail.com=$dest, outlook.com=$dest, live.com=$dest, msn.com=$dest }
default_transport = error:nothing leaves this test instance
relay_transport = error:nothing leaves this test instance
smtp_dns_support_level = disabled
smtp_bind_address = $bind
smtp_tls_security_level = none
minimal_backoff_time = $minb
maximal_backoff_time = $maxb
queue_run_delay = $qrd
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
CF
  cat >"$dir/etc/master.cf" <<CF
127.0.0.1:$inject inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
  # Postfix commands log to syslog (absent here) unless stderr is a terminal: give them one
  script -qec "postfix -c '$dir/etc' check && postfix -c '$dir/etc' start" /dev/null
  sleep 1
  if grep -Eq 'fatal|panic' "$dir/maillog"; then
    grep -E 'fatal|panic' "$dir/maillog" >&2
    exit 1
  fi
  ;;
stop)
  dir=$2
  postfix -c "$dir/etc" stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: $0 install | start DIR INJECT_PORT NEXTHOP_PORT BIND_ADDRESS [MIN MAX QRD] | stop DIR" >&2
  exit 2
  ;;
esac
