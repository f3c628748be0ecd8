package dev.scangate.catalogs;

import dev.scangate.catalog.BuiltinCataloger;
import dev.scangate.catalog.CatalogerRegistry;
import dev.scangate.catalog.lang.GoBinaryCataloger;
import dev.scangate.catalog.lang.JavaArchiveCataloger;
import dev.scangate.catalog.lang.NpmCataloger;
import dev.scangate.catalog.lang.PythonCataloger;
import dev.scangate.catalog.os.ApkCataloger;
import dev.scangate.catalog.os.DpkgCataloger;
import dev.scangate.catalog.os.RpmCataloger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import dev.scangate.process.ProcessRunner;
import dev.scangate.syft.SyftCataloger;
import dev.scangate.syft.SyftSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The built-in catalogers, registered explicitly (no classpath scanning). */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

  @Bean
  CatalogerRegistry catalogerRegistry(CatalogProperties properties) {
    return new CatalogerRegistry(List.of(
        new DpkgCataloger(),
        new ApkCataloger(),
        new RpmCataloger(properties.scratchDirectory()),
        new JavaArchiveCataloger(),
        new NpmCataloger(),
        new PythonCataloger(),
        new GoBinaryCataloger()));
  }

  /** Present when {@code scangate.catalog.syft-binary} is set: Syft catalogs instead. */
  @Bean
  @ConditionalOnProperty("scangate.catalog.syft-binary")
  SyftCataloger syftCataloger(CatalogProperties properties) {
    SyftSettings settings = SyftSettings.of(properties.syftBinary());
    return new SyftCataloger(new SyftSettings(settings.binary(), properties.syftTimeout(),
        settings.maxOutputBytes(), properties.scratchDirectory(), settings.environment()),
        new ProcessRunner());
  }

  @Bean
  BuiltinCataloger builtinCataloger(CatalogerRegistry registry, CatalogProperties properties) {
    try {
      Files.createDirectories(properties.scratchDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("scangate.catalog.scratch-directory "
          + properties.scratchDirectory() + " cannot be created: " + e.getMessage(), e);
    }
    return new BuiltinCataloger(registry, properties.limits(), properties.scratchDirectory());
  }
}
