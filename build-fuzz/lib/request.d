build-fuzz/lib/request.o: lib/request.cc lib/request.h lib/exchange.h \
  lib/result.h

lib/request.h:

lib/exchange.h:

lib/result.h:
