package org.sanlv.publication;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of publications, {@code sanlv.publication.*}.
 *
 * @param pdfFont the CJK font the PDFs embed: a TrueType/OpenType file, or a collection with the font's name or
 *     index after a comma ({@code /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,Noto Sans CJK SC}); empty:
 *     the first Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei or SimHei font found in the system's font
 *     folders. Without one the PDF is refused with a message pointing to the print view.
 */
@ConfigurationProperties("sanlv.publication")
record PublicationSettings(String pdfFont) {}
