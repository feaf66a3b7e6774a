"""The card editor in the browser (``/editor/``): the rule table and the page job."""
