build-fuzz/lib/token.o: lib/token.cc lib/token.h lib/json.h lib/result.h \
  lib/base64url.h lib/crypto.h

lib/token.h:

lib/json.h:

lib/result.h:

lib/base64url.h:

lib/crypto.h:
