package org.sanlv.org;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the organisation module.
 *
 * @param demoEnabled load the demo provinces from the bundled division codes on first start
 * @param demoProvinces province codes to load (33 Zhejiang, 41 Henan)
 * @param adminPassword password of the first administrator; when blank a random one is printed once to the log
 * @param importMaxSize the largest CSV body {@code POST /api/v1/areas/import} reads (a page upload is limited by
 *     {@code spring.servlet.multipart.max-file-size})
 */
@ConfigurationProperties("sanlv.org")
record OrgSettings(
    @DefaultValue("true") boolean demoEnabled,
    @DefaultValue({"33", "41"}) List<String> demoProvinces,
    String adminPassword,
    @DefaultValue("20MB") DataSize importMaxSize) {}
