{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <link rel="stylesheet" href="{{STATIC}}/bootstrap4/css/bootstrap.min.css">
  <link rel="stylesheet" href="{{STATIC}}/site.css">
  <title>{{SITE_NAME}} - {{TITLE}}</title>
</head>
<body>
  <header class="site-header">
    <nav class="navbar navbar-expand navbar-dark bg-steel fixed-top">
      <div class="container">
        <a class="navbar-brand mr-4" href="/">{{SITE_NAME}}</a>{{#OWN_PAGES}}
        <div class="navbar-nav mr-auto">
          <a class="nav-item nav-link" href="/home">{{T_HOME}}</a>
        </div>
        <div class="navbar-nav">
          {{#ANONYMOUS}}
          <a class="nav-item nav-link" href="/login">{{T_LOGIN}}</a>
          <a class="nav-item nav-link" href="/register">{{T_REGISTER}}</a>
          {{/ANONYMOUS}}
          {{#LOGGED_IN}}
          <a class="nav-item nav-link" href="/logout">{{T_LOGOUT}}</a>
          {{/LOGGED_IN}}
        </div>{{/OWN_PAGES}}{{#SITE_LOGIN}}
        <div class="navbar-nav ml-auto">
          <a class="nav-item nav-link" href="{{LOGIN_URL}}">{{T_LOGIN}}</a>
        </div>{{/SITE_LOGIN}}
      </div>
    </nav>
  </header>
  <main role="main" class="container">
    <div class="row">
      <div class="col-md-8">
        {{#FLASH}}
        <div class="alert alert-{{CATEGORY}}" role="alert">{{MESSAGE}}</div>
        {{/FLASH}}
{{>BODY}}{{! At column 0 on purpose: ctemplate copies an indented include and re-indents it line by line on every page.}}
      </div>
    </div>
  </main>
</body>
</html>
