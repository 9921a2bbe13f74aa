package org.sanlv.instrument;

import java.text.Normalizer;

/**
 * What an XLSForm may leave out and the one who brings it supplies: the file's name (pyxform takes the form_id from
 * it), and Sanlü's own province and year (asked on the upload page, {@code --province/--year} on the command line).
 * The form's own settings always win.
 *
 * @param fileName e.g. {@code household_survey.xlsx}; may be null
 * @param province two-digit province code, or empty when unknown
 * @param year survey year, or 0 when unknown
 */
public record FormDefaults(String fileName, String province, int year) {
    public static final FormDefaults NONE = new FormDefaults(null, "", 0);

    public FormDefaults {
        province = province == null ? "" : province.strip();
    }

    public static FormDefaults fileName(String fileName) {
        return new FormDefaults(fileName, "", 0);
    }

    public FormDefaults withProvinceAndYear(String newProvince, int newYear) {
        return new FormDefaults(fileName, newProvince, newYear);
    }

    /**
     * The file's name without folder and extension, as a form id: {@code Household Survey (v2).xlsx} →
     * {@code Household_Survey_v2}; a name with nothing usable left gives {@code form}.
     */
    String formIdFromFileName() {
        if (fileName == null) {
            return "form";
        }
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        String id = Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("[^A-Za-z0-9_.-]+", "_")
                .replaceAll("^[^A-Za-z0-9]+|_+$", "");
        if (id.length() > 100) {
            id = id.substring(0, 100);
        }
        return id.isEmpty() ? "form" : id;
    }
}
