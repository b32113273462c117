package org.incidentmapper.province;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

import org.incidentmapper.audit.AuditLog;
import org.incidentmapper.web.BadParameterException;
import org.incidentmapper.web.QueryParams;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/boundaries}: replaces the boundary set with an uploaded GeoJSON, zipped shapefile or GeoPackage
 * (multipart: {@code file} plus the fields to read); {@code GET /api/boundaries}: what the current set is.
 * Replacing needs the analyst role (SecurityConfig: every state-changing /api request does).
 */
@RestController
class BoundaryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> PARAMETERS = Set.of("nameField", "codeField", "nameLocalField", "countryField",
            "country", "layer", "repair", "name");

    private final BoundaryImporter importer;
    private final ProvinceRepository provinces;
    private final AuditLog audit;

    BoundaryController(BoundaryImporter importer, ProvinceRepository provinces, AuditLog audit) {
        this.importer = importer;
        this.provinces = provinces;
        this.audit = audit;
    }

    @PostMapping("/api/boundaries")
    BoundaryImporter.Result upload(@RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam MultiValueMap<String, String> form) throws IOException {
        QueryParams params = QueryParams.of(form, PARAMETERS);
        if (file == null || file.isEmpty()) {
            throw new BadParameterException("file", "'file' is required: a GeoJSON, zipped shapefile or GeoPackage");
        }
        String repair = params.get("repair").orElse("false");
        if (!repair.equals("true") && !repair.equals("false")) {
            throw new BadParameterException("repair", "'repair' must be true or false");
        }
        BoundaryImport how = new BoundaryImport(params.get("nameField").orElse(null),
                params.get("codeField").orElse(null), params.get("nameLocalField").orElse(null),
                params.get("countryField").orElse(null), params.get("country").orElse(null),
                params.get("layer").orElse(null), Boolean.parseBoolean(repair), params.get("name").orElse(null));
        String fileName = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
        // audited in the transaction's wake: who moved every incident's province, with which file, from which set
        Map<String, Object> before = provinces.boundarySet();
        try (InputStream in = file.getInputStream()) {
            BoundaryImporter.Result result = importer.importUpload(in, fileName, how);
            audit.record("replace", "boundary", result.boundarySet(), JSON.writeValueAsString(before),
                    JSON.writeValueAsString(result), JSON.writeValueAsString(Map.of("fileName", fileName)));
            return result;
        }
    }

    @GetMapping("/api/boundaries")
    Map<String, Object> current() {
        return provinces.boundarySet();
    }
}
