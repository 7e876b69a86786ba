// Copy buttons: a button with data-copy puts its value on the clipboard and says so
// for a moment (in the page's words when the button has data-copied). The page works
// without it (the values are on the page to select).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(button.dataset.copy).then(() => {
    const label = button.textContent;
    button.textContent = button.dataset.copied || "Copied";
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
});
