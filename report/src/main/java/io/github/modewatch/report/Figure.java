package io.github.modewatch.report;

/**
 * One PNG of a report with the text around it.
 *
 * @param file      file name in the report directory
 * @param title     heading above the image
 * @param howToRead plain text under the image (escaped when written)
 * @param png       encoded PNG
 * @param width     image width in pixels
 * @param height    image height in pixels
 */
record Figure(String file, String title, String howToRead, byte[] png, int width, int height) {}
