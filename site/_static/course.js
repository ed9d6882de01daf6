// Opened from disk (file://), the browser refuses the requests Sphinx's search makes to show
// a summary under each result; the results themselves work, so leave the summaries out.
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
