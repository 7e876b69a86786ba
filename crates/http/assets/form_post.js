// Submits the OAuth form_post response without a click; the button remains for
// browsers without JavaScript.
document.getElementById("form-post").submit();
