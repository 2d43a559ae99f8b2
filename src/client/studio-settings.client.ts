// Studio island (settings): filled in by its page.
export {};
