// Search page island: filled in with the search page.
export {};
