{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
  <meta charset="utf-8">
  <title>{{T_RESET_SUBJECT}}</title>
</head>
<body>
  <p>{{T_RESET_VISIT}}</p>
  <p><a href="{{LINK}}">{{LINK}}</a></p>
  <p>{{T_RESET_IGNORE}}</p>
</body>
</html>
