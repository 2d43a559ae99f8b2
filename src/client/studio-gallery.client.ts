// Studio island (gallery): filled in by its page.
export {};
