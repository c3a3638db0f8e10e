build-fuzz/lib/base64url.o: lib/base64url.cc lib/base64url.h

lib/base64url.h:
