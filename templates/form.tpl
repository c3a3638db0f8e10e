{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  <form method="POST" action="">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset class="form-group">
      <legend class="border-bottom mb-4"><h1 class="legend-heading">{{LEGEND}}</h1></legend>
      {{#FIELD}}{{#INPUT}}
      <div class="form-group">
        <label class="form-control-label" for="{{NAME}}">{{LABEL}}</label>
        <input class="form-control form-control-lg{{#IS_INVALID}} is-invalid{{/IS_INVALID}}" id="{{NAME}}" name="{{NAME}}" type="{{TYPE}}" value="{{VALUE}}" autocomplete="{{AUTOCOMPLETE}}" required{{#AUTOFOCUS}} autofocus{{/AUTOFOCUS}}{{#RULES}} minlength="{{MINLENGTH}}" passwordrules="{{PASSWORDRULES}}"{{/RULES}}{{#DESCRIBED}} aria-describedby="{{DESCRIBED_BY}}"{{/DESCRIBED}}>
        {{#HELP}}<small class="form-text text-muted" id="{{NAME}}-help">{{TEXT}}</small>
        {{/HELP}}        {{#INVALID}}<div class="invalid-feedback" id="{{NAME}}-errors">
          {{#ERROR}}<span>{{MESSAGE}}</span>
          {{/ERROR}}</div>{{/INVALID}}
      </div>
      {{/INPUT}}{{#CHECKBOX}}
      <div class="form-check">
        <input class="form-check-input" id="{{NAME}}" name="{{NAME}}" type="checkbox" value="y"{{#CHECKED}} checked{{/CHECKED}}>
        <label class="form-check-label" for="{{NAME}}">{{LABEL}}</label>
      </div>
      {{/CHECKBOX}}{{/FIELD}}
    </fieldset>
    <div class="form-group">
      <input class="btn btn-outline-info" id="submit" name="submit" type="submit" value="{{SUBMIT}}">
      {{#FORGOT_PASSWORD}}<small class="text-muted ml-2">
        <a href="/reset_password">{{T_FORGOT_PASSWORD}}</a>
      </small>{{/FORGOT_PASSWORD}}
    </div>
  </form>
</div>
{{#SIGN_UP_HINT}}<div class="border-top pt-3">
  <small class="text-muted">
    {{T_NEED_ACCOUNT}} <a class="ml-2" href="/register">{{T_SIGN_UP_NOW}}</a>
  </small>
</div>{{/SIGN_UP_HINT}}
{{#SIGN_IN_HINT}}<div class="border-top pt-3">
  <small class="text-muted">
    {{T_HAVE_ACCOUNT}} <a class="ml-2" href="/login">{{T_SIGN_IN}}</a>
  </small>
</div>{{/SIGN_IN_HINT}}
