build-fuzz/lib/password.o: lib/password.cc lib/password.h lib/result.h \
  lib/crypto.h

lib/password.h:

lib/result.h:

lib/crypto.h:
