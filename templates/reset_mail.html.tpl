{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Password Reset Request</title>
</head>
<body>
  <p>To reset your password, visit the following link:</p>
  <p><a href="{{LINK}}">{{LINK}}</a></p>
  <p>If you did not make this request, then simply ignore this email and no change will happen.</p>
</body>
</html>
