build-fuzz/lib/sendmail.o: lib/sendmail.cc lib/mail.h lib/result.h

lib/mail.h:

lib/result.h:
