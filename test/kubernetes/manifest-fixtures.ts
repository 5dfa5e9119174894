/** A team's color-neutral manifests: the Deployment, a ConfigMap and a Secret it uses, and one it does not own. */
export const SHOP_MANIFESTS = {
  "deployment.yaml": `# the shop, written once for both colors
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: { app: shop }
spec:
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      imagePullSecrets: [{ name: registry-login }]
      containers:
        - name: web
          image: registry.test/shop:v1
          ports: [{ containerPort: 8080, name: http }]
          envFrom:
            - configMapRef: { name: shop-config }
          env:
            - name: GREETING
              value: hello
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: shop-secrets, key: password } }
            - name: SHARED
              valueFrom: { configMapKeyRef: { name: cluster-wide, key: shared } }
          volumeMounts: [{ name: config, mountPath: /etc/shop }]
      volumes:
        - name: config
          configMap: { name: shop-config }
        - name: tls
          secret: { secretName: shop-secrets }
        - name: bundle
          projected:
            sources:
              - configMap: { name: shop-config }
              - secret: { name: shop-secrets }
`,
  "config.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  MODE: fast
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-secrets
type: Opaque
stringData:
  password: s3cr3t-value
`,
};
