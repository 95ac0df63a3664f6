# sweep_json.cmake — write `ioscope-cli sweep ... --json` to a file (a ctest fixture for the GUI's
# sweep chart tests: the chart must read what the CLI writes, not a hand-made sample).
#   cmake -DCLI=ioscope-cli -DOUT=file.json -P sweep_json.cmake
execute_process(COMMAND ${CLI} sweep --mechanisms select,poll,epoll-lt --fds 10,100,1000 --active 1 --iterations 5 --json
                RESULT_VARIABLE rc OUTPUT_FILE ${OUT} ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ioscope-cli sweep failed (${rc}): ${err}")
endif()
