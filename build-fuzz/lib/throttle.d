build-fuzz/lib/throttle.o: lib/throttle.cc lib/throttle.h lib/database.h \
  lib/result.h

lib/throttle.h:

lib/database.h:

lib/result.h:
