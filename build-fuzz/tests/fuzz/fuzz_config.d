build-fuzz/tests/fuzz/fuzz_config.o: tests/fuzz/fuzz_config.cc \
  lib/config.h lib/result.h lib/token.h lib/json.h

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:
