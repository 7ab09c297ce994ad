# td_module(NAME SOURCES ... DEPS ... LIBS ...): one static library per src/<module>,
# linked only to the modules in DEPS (tools/check_layering.py reads the same lines).
set(TD_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
    # g++ 12 at -O3 reports std::string concatenation as overlapping memcpy (GCC bug 105329).
    -Wno-restrict)
if(TAPEDECK_WERROR)
  list(APPEND TD_WARNINGS -Werror)
endif()

function(td_options target)
  target_compile_options(${target} PRIVATE ${TD_WARNINGS})
  if(TAPEDECK_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(td_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LIBS" ${ARGN})
  add_library(td_${name} STATIC ${ARG_SOURCES})
  target_include_directories(td_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  foreach(dep ${ARG_DEPS})
    target_link_libraries(td_${name} PUBLIC td_${dep})
  endforeach()
  target_link_libraries(td_${name} PUBLIC ${ARG_LIBS})
  td_options(td_${name})
endfunction()

# td_test(NAME SOURCES ... DEPS ...): a GoogleTest binary registered with CTest.
function(td_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  foreach(dep ${ARG_DEPS})
    target_link_libraries(${name} PRIVATE td_${dep})
  endforeach()
  target_link_libraries(${name} PRIVATE GTest::gtest GTest::gmock GTest::gtest_main)
  td_options(${name})
  include(GoogleTest)
  gtest_discover_tests(${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
endfunction()
