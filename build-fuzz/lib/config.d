build-fuzz/lib/config.o: lib/config.cc lib/config.h lib/result.h \
  lib/token.h lib/json.h

lib/config.h:

lib/result.h:

lib/token.h:

lib/json.h:
