build-fuzz/lib/crypto.o: lib/crypto.cc lib/crypto.h

lib/crypto.h:
