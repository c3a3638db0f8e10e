build-fuzz/lib/flash.o: lib/flash.cc lib/flash.h lib/request.h \
  lib/exchange.h lib/result.h lib/response.h lib/token.h lib/json.h

lib/flash.h:

lib/request.h:

lib/exchange.h:

lib/result.h:

lib/response.h:

lib/token.h:

lib/json.h:
