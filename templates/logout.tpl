{{%AUTOESCAPE context="HTML"}}<div class="content-section">
  <form method="POST" action="/logout">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <legend class="border-bottom mb-4"><h1 class="legend-heading">Log Out</h1></legend>
    <p>Do you want to log out?</p>
    <div class="form-group">
      <input class="btn btn-outline-info" id="submit" name="submit" type="submit" value="Log Out" autofocus>
    </div>
  </form>
</div>
