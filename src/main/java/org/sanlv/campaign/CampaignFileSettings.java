package org.sanlv.campaign;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of campaign files, {@code sanlv.campaign.*}.
 *
 * @param maxPhotoBytes the largest photo (JPEG, PNG, WebP) accepted
 * @param maxVideoBytes the largest video (MP4) accepted; {@code spring.servlet.multipart.max-file-size} must allow it
 * @param maxFileBytes the largest document (PDF) accepted
 * @param filesDir empty: bytes in the database; set: a directory shared by all nodes, one file per sha256
 */
@ConfigurationProperties("sanlv.campaign")
record CampaignFileSettings(@DefaultValue("10MB") DataSize maxPhotoBytes, @DefaultValue("100MB") DataSize maxVideoBytes,
    @DefaultValue("20MB") DataSize maxFileBytes, String filesDir) {}
