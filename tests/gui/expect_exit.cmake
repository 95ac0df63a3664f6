# expect_exit.cmake — run PROG with ARGS (a ;-list) and check both the exit code and the output.
# ctest's PASS_REGULAR_EXPRESSION alone ignores the exit code, so a crash that happened to print
# the right words would pass; this checks both.
#   cmake -DPROG=... -DARGS="a|b" -DEXPECT_RC=2 -DEXPECT_REGEX="..." [-DUNSET_DISPLAY=1] [-DXVFB_RUN=tests/gui/xvfb_run.sh] -P expect_exit.cmake
if(UNSET_DISPLAY)
  unset(ENV{DISPLAY})
  unset(ENV{WAYLAND_DISPLAY})
endif()
string(REPLACE "|" ";" ARGS "${ARGS}")
# -DXVFB_RUN=...: run under a virtual display (paths that need a window, e.g. a script's checks).
set(launcher)
if(XVFB_RUN)
  set(launcher ${XVFB_RUN})
endif()
execute_process(COMMAND ${launcher} ${PROG} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
message("exit: ${rc}\nstdout:\n${out}\nstderr:\n${err}")
if(NOT rc STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "expected exit code ${EXPECT_RC}, got '${rc}'")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match '${EXPECT_REGEX}'")
endif()
