# presentation_mode.cmake — presentation mode in the real app under Xvfb, remembered per user.
#   cmake -DPROG=ioscope -DXVFB_RUN=tests/gui/xvfb_run.sh -DCONFIG=<fresh XDG_CONFIG_HOME> -DOUT=<dir> -P presentation_mode.cmake
# The virtual screen (1600x1000) is bigger than the window (1280x800), so the screenshot's size
# tells whether the window went full screen. Checked, in order:
#   1. M (the `presentation` script action, with --script-saves-settings: a plain --script never
#      writes the user's settings) goes full screen and writes presentation = true to
#      $XDG_CONFIG_HOME/ioscope/settings.toml — not to the working directory;
#   2. the next start, with no option, comes back in presentation mode (remembered);
#   3. --no-presentation overrides it for one session without rewriting the file;
#   4. M again leaves it: window size back, presentation = false saved.
file(REMOVE_RECURSE ${CONFIG})
file(MAKE_DIRECTORY ${OUT})
set(ENV{XDG_CONFIG_HOME} ${CONFIG})
set(settings ${CONFIG}/ioscope/settings.toml)

function(run_app tag expect_size)
  execute_process(COMMAND ${XVFB_RUN} --screen 1600x1000x24 ${PROG} ${ARGN}
                  WORKING_DIRECTORY ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  message("[${tag}] exit ${rc}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[${tag}] ioscope exited ${rc}")
  endif()
  if(NOT out MATCHES "\\(${expect_size}, [0-9]+ non-background pixels\\)")
    message(FATAL_ERROR "[${tag}] expected a ${expect_size} screenshot")
  endif()
endfunction()

function(expect_saved value)
  file(READ ${settings} text)
  if(NOT text MATCHES "presentation = ${value}")
    message(FATAL_ERROR "settings.toml should say presentation = ${value}:\n${text}")
  endif()
endfunction()

# 0. A plain --script (screenshots, tests) toggles presentation for its own run and writes nothing.
run_app(scripted 1600x1000 epoll-lt --expect-nonblank --script "presentation\nwait 5\nscreenshot ${OUT}/presentation-scripted.png")
if(EXISTS ${settings})
  message(FATAL_ERROR "a plain --script wrote the user's settings.toml")
endif()
run_app(enter 1600x1000 epoll-lt --expect-nonblank --script-saves-settings --script "seek 40%\npresentation\nwait 5\nscreenshot ${OUT}/presentation-on.png")
expect_saved(true)
if(EXISTS ${OUT}/settings.toml)
  message(FATAL_ERROR "settings were written to the working directory")
endif()
run_app(remembered 1600x1000 epoll-lt --seek 40% --frames 8 --screenshot ${OUT}/presentation-again.png --expect-nonblank)
run_app(override 1280x800 epoll-lt --no-presentation --frames 8 --screenshot ${OUT}/presentation-off-once.png --expect-nonblank)
expect_saved(true)
run_app(leave 1280x800 epoll-lt --expect-nonblank --script-saves-settings --script "presentation\nwait 5\nscreenshot ${OUT}/presentation-left.png")
expect_saved(false)
