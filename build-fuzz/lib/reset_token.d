build-fuzz/lib/reset_token.o: lib/reset_token.cc lib/reset_token.h \
  lib/result.h lib/token.h lib/json.h lib/crypto.h

lib/reset_token.h:

lib/result.h:

lib/token.h:

lib/json.h:

lib/crypto.h:
